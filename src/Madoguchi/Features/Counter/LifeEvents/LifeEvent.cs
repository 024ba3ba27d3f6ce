using System.Text.Json;
using System.Text.Json.Serialization;

namespace Madoguchi.Features.Counter.LifeEvents;

/// <summary>A life event the counter serves (catalog/life-events): its interview questions and its bundle of procedures.</summary>
public sealed record LifeEvent(
    string Id, string Name, string Summary, LifeEventSubjects Subjects, IReadOnlyList<InterviewQuestion> Questions, IReadOnlyList<BundleRule> Bundle,
    int? DueWithinDays = null, int MaxDaysAhead = 0, int Order = 0)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}

/// <summary>Whom an event concerns: the people the clerk picks, or the whole household.</summary>
public enum LifeEventSubjects
{
    Chosen,
    Household,
}

public enum QuestionScope
{
    Person,
    Household,
}

/// <summary>A yes/no question of the interview, asked of each person concerned or once of the household.</summary>
public sealed record InterviewQuestion(string Id, string Text, QuestionScope Per, string? Hint);

public enum RuleScope
{
    /// <summary>One application per person concerned who meets the condition.</summary>
    Each,

    /// <summary>One application for the household when any member meets the condition.</summary>
    Household,
}

/// <summary>A procedure the event brings, for whom, on what condition, and the reason the clerk reads.</summary>
public sealed record BundleRule(string Procedure, RuleScope For, RuleCondition? When, string Reason);

/// <summary>
/// A condition on a person on the event date; every part given must hold. <see cref="OnRegister"/> false: the person is
/// not on the register yet (moving in, served from a reservation).
/// </summary>
public sealed record RuleCondition(int? AgeAtLeast, int? AgeBelow, int? SchoolYearAgeUpTo, IReadOnlyList<string>? Relationship, AnswerCondition? Answer, bool? OnRegister = null);

/// <summary>The events the platform itself starts a visit for.</summary>
public static class LifeEventIds
{
    /// <summary>転入: a household moving in, served from its 転入予約.</summary>
    public const string MoveIn = "tennyu";
}

public sealed record AnswerCondition(string Question, bool Is);
