using Madoguchi.Features.Identity;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Administration.Audit;

/// <summary>One action the trail records, with its Japanese name and the group it is filtered under.</summary>
public sealed record AuditActionName(string Code, string Name, string Group);

/// <summary>
/// The trail stores codes (<c>signin.succeeded</c>, a user id, <c>application</c>); people read Japanese names, 課 and
/// kinds of things. The names live in the resources (<c>AuditAction.*</c>, <c>AuditGroup.*</c>, <c>AuditResource.*</c>),
/// so the list of actions to filter by is the list of names: a new action without a name fails a test.
/// </summary>
public sealed class AuditVocabulary
{
    private const string ActionPrefix = "AuditAction.";
    private const string ResourcePrefix = "AuditResource.";
    private readonly IStringLocalizer<Messages> t;
    private readonly Dictionary<string, StaffName> staff;
    private readonly IReadOnlySet<string> residents;

    /// <param name="residents">The ids among those shown that are residents' accounts (see <see cref="AccountNames"/>).</param>
    public AuditVocabulary(IStringLocalizer<Messages> t, IReadOnlyList<StaffName> staff, IReadOnlyDictionary<string, string> departments, IReadOnlySet<string> residents)
    {
        this.t = t;
        Departments = departments;
        this.residents = residents;
        this.staff = staff.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var strings = t.GetAllStrings(includeParentCultures: true).ToList();
        Actions = strings.Where(s => s.Name.StartsWith(ActionPrefix, StringComparison.Ordinal))
            .Select(s => s.Name[ActionPrefix.Length..])
            .Select(code => new AuditActionName(code, t[ActionPrefix + code], GroupOf(code)))
            .OrderBy(a => a.Group, StringComparer.Ordinal).ThenBy(a => a.Code, StringComparer.Ordinal)
            .ToList();
        ResourceTypes = strings.Where(s => s.Name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(s => (Code: s.Name[ResourcePrefix.Length..], Name: s.Value)).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        Groups = Actions.Select(a => a.Group).Distinct().Select(g => (Code: g, Name: GroupName(g))).ToList();
    }

    public IReadOnlyList<AuditActionName> Actions { get; }

    /// <summary>Groups of actions (the part of the code before the first dot): サインイン, 案件, 申請…</summary>
    public IReadOnlyList<(string Code, string Name)> Groups { get; }

    public IReadOnlyList<(string Code, string Name)> ResourceTypes { get; }

    public IReadOnlyCollection<StaffName> Staff => staff.Values;

    public IReadOnlyDictionary<string, string> Departments { get; }

    /// <summary>The thing's id as people know it: a 課 or a staff member by name, anything else by its id (a receipt number, a path).</summary>
    public string? ResourceLabel(string? type, string? id) => (type, id) switch
    {
        ("department", { } d) when Departments.TryGetValue(d, out var name) => name,
        ("user", { } u) when staff.TryGetValue(u, out var member) => member.Name,
        _ => id,
    };

    public static string GroupOf(string action) => action.Split('.', 2)[0];

    public string GroupName(string group) => t["AuditGroup." + group] is { ResourceNotFound: false } name ? name : group;

    /// <summary>The Japanese name of an action; an outside system's own action (external.*) is named as such.</summary>
    public string ActionName(string action)
    {
        if (t[ActionPrefix + action] is { ResourceNotFound: false } name)
        {
            return name;
        }

        return GroupOf(action) == "external" ? t["AuditActor.External", action["external.".Length..]] : action;
    }

    public string ResourceName(string? type) =>
        type is null ? string.Empty : t[ResourcePrefix + type] is { ResourceNotFound: false } name ? name : type;

    /// <summary>A person's name and 課, or what acted when no person did.</summary>
    public (string Name, string? Department) ActorName(string actor)
    {
        if (staff.TryGetValue(actor, out var member))
        {
            return (member.Name, member.DepartmentName);
        }

        if (residents.Contains(actor))
        {
            // Named by role only: a resident's details are personal data, opened from their case, not from the trail.
            return (t["AuditActor.Resident"], null);
        }

        // The labels the platform itself writes when no account acts (AuditActorAccessor, the admin CLI, workers).
        return actor switch
        {
            "system" => (t["AuditActor.System"], null),
            "anonymous" => (t["AuditActor.Anonymous"], null),
            _ when actor.StartsWith("system:", StringComparison.Ordinal) => (t["AuditActor.System"], null),
            _ when actor.StartsWith("cli:", StringComparison.Ordinal) => (t["AuditActor.Cli", actor["cli:".Length..]], null),
            _ => (t["AuditActor.Unknown"], null),
        };
    }
}
