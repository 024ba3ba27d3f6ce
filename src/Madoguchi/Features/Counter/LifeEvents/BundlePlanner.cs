namespace Madoguchi.Features.Counter.LifeEvents;

/// <summary>
/// A member of the household as the counter sees it on the event date: <see cref="Key"/> is the 宛名番号 of a person on the
/// register, or the place of a person moving in on their reservation (<see cref="OnRegister"/> false).
/// </summary>
public sealed record HouseholdMember(string Key, string Name, DateOnly BirthDate, string Relationship, bool OnRegister = true);

/// <summary>The interview's answers: per question, for the household or for each person (by 宛名番号).</summary>
public sealed class InterviewAnswers
{
    private readonly Dictionary<string, bool> household = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), bool> people = [];

    public InterviewAnswers ForHousehold(string question, bool answer)
    {
        household[question] = answer;
        return this;
    }

    public InterviewAnswers ForPerson(string question, string atenaNumber, bool answer)
    {
        people[(question, atenaNumber)] = answer;
        return this;
    }

    public bool? Of(string question, string? atenaNumber) =>
        atenaNumber is not null && people.TryGetValue((question, atenaNumber), out var own) ? own
        : household.TryGetValue(question, out var shared) ? shared
        : null;
}

/// <summary>
/// One procedure of the bundle: for whom it is made (the applicant), whom it concerns, and why. <see cref="Key"/> names
/// it within the visit (the procedure, and the person for a rule applied to each), stable while the interview changes.
/// </summary>
public sealed record ProposedProcedure(string Procedure, HouseholdMember Applicant, IReadOnlyList<HouseholdMember> Concerns, string Reason, string Key);

/// <summary>
/// What a life event brings for this household: each rule of the event tried on the people it concerns (for each
/// person) or on the household after the event (once, when anyone meets it). An unanswered question meets no
/// condition; the counter asks every question before it shows the bundle.
/// </summary>
public static class BundlePlanner
{
    public static IReadOnlyList<ProposedProcedure> Plan(LifeEvent lifeEvent, IReadOnlyList<HouseholdMember> household, IReadOnlyCollection<string> chosen, DateOnly on, InterviewAnswers answers)
    {
        var subjects = lifeEvent.Subjects == LifeEventSubjects.Household ? household : household.Where(m => chosen.Contains(m.Key)).ToList();
        var head = household.FirstOrDefault(m => m.Relationship == Residents.Relationships.Head) ?? subjects.FirstOrDefault() ?? household[0];
        var proposals = new List<ProposedProcedure>();
        foreach (var rule in lifeEvent.Bundle)
        {
            if (rule.For == RuleScope.Each)
            {
                foreach (var person in subjects.Where(p => Meets(rule.When, p, on, answers)))
                {
                    proposals.Add(new(rule.Procedure, person, [person], rule.Reason, $"{KeyOf(rule.Procedure)}_{person.Key}"));
                }
            }
            else
            {
                // The household after the event: those who stay and those who come, each tried on the condition.
                var meeting = household.Where(p => Meets(rule.When, p, on, answers)).ToList();
                if (meeting.Count > 0)
                {
                    var applicant = subjects.Contains(head) || lifeEvent.Subjects == LifeEventSubjects.Household ? head : subjects.FirstOrDefault() ?? head;
                    proposals.Add(new(rule.Procedure, applicant, rule.When is null ? [] : meeting, rule.Reason, KeyOf(rule.Procedure)));
                }
            }
        }

        return proposals;
    }

    /// <summary>A procedure id as a name in answer paths (letters, digits and underscores).</summary>
    private static string KeyOf(string procedure) => procedure.Replace('-', '_');

    /// <summary>Age in whole years on a date, as the law counts it (a year is complete the day before the birthday).</summary>
    public static int AgeOn(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        return birth.AddYears(age).AddDays(-1) >= on ? age - 1 : age;
    }

    /// <summary>
    /// Whether a person is still "up to age N in the school year's sense" on a date: until the 31 March that ends the
    /// school year in which they reach N (児童手当's 高校生年代 for N = 18). People born on 1 April reach their age on 31
    /// March, so they belong to the year before, as schools count them.
    /// </summary>
    public static bool InSchoolYearAgeUpTo(DateOnly birth, int age, DateOnly on)
    {
        if (on < birth)
        {
            return false;
        }

        var reached = birth.AddYears(age).AddDays(-1);
        var end = new DateOnly(reached.Month >= 4 ? reached.Year + 1 : reached.Year, 3, 31);
        return on <= end;
    }

    private static bool Meets(RuleCondition? when, HouseholdMember person, DateOnly on, InterviewAnswers answers)
    {
        if (when is null)
        {
            return true;
        }

        var age = AgeOn(person.BirthDate, on);
        return (when.AgeAtLeast is not { } min || age >= min)
            && (when.AgeBelow is not { } below || age < below)
            && (when.SchoolYearAgeUpTo is not { } schoolAge || InSchoolYearAgeUpTo(person.BirthDate, schoolAge, on))
            && (when.Relationship is not { } relationships || relationships.Contains(person.Relationship))
            && (when.OnRegister is not { } registered || person.OnRegister == registered)
            && (when.Answer is not { } answer || answers.Of(answer.Question, person.Key) == answer.Is);
    }
}
