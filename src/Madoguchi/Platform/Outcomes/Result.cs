namespace Madoguchi.Platform.Outcomes;

/// <summary>What kind of "no" a use case answers; each channel turns it into its own form in one place.</summary>
public enum ProblemKind
{
    /// <summary>The input is wrong; <see cref="Problem.Fields"/> says where (400).</summary>
    Invalid,

    /// <summary>The caller must sign in or show a valid token (401).</summary>
    Unauthenticated,

    /// <summary>The caller is known and may not do this (403).</summary>
    Forbidden,

    /// <summary>There is no such thing, or the caller may not know that there is (404).</summary>
    NotFound,

    /// <summary>The state has moved on: another change came first, or the request contradicts what exists (409).</summary>
    Conflict,

    /// <summary>Understood and refused as a whole, with a report (422).</summary>
    Unprocessable,

    /// <summary>A condition the caller stated no longer holds (an amount available that has changed) (412).</summary>
    PreconditionFailed,
}

/// <summary>
/// A use case's refusal: its kind, a title in Japanese for people, the field errors keyed by the path of what was sent
/// (answer paths, parameter names), the moves or choices that were allowed, and extensions for API clients.
/// </summary>
public sealed record Problem(
    ProblemKind Kind,
    string Title,
    IReadOnlyDictionary<string, string>? Fields = null,
    IReadOnlyList<string>? Allowed = null,
    IReadOnlyDictionary<string, object?>? Extensions = null,
    string? Detail = null)
{
    public static Problem Invalid(string title, IReadOnlyDictionary<string, string> fields) => new(ProblemKind.Invalid, title, fields);

    public static Problem Invalid(string title, string field, string message) => new(ProblemKind.Invalid, title, new Dictionary<string, string> { [field] = message });
}

/// <summary>The one result type of use cases: a value, or a <see cref="Platform.Outcomes.Problem"/>.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, Problem? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }

    public Problem? Problem { get; }

    public bool IsOk => Problem is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Problem problem) => new(default, problem);
}
