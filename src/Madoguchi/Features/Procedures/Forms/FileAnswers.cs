using System.Text.Json.Nodes;
using Madoguchi.Platform.Storage;
using Madoguchi.Platform.Ui;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Forms;

/// <summary>
/// Attachments: each file is checked (not empty, within the field's size limit, a type the field accepts as read
/// from the file's first bytes, whatever its name says), stored content-addressed, and recorded in the answers as
/// {sha256, name, size, contentType}. On the web, choosing no file keeps the one already attached.
/// </summary>
public sealed class FileAnswers(IFileStore store, IStringLocalizer<Messages> t)
{
    public static readonly IReadOnlyList<string> DefaultAccept = ["image/jpeg", "image/png", "application/pdf"];

    public const int DefaultMaxSizeMb = 10;

    /// <summary>
    /// Stores the files posted for a step: its file questions, and file questions inside its repeated groups (posted
    /// as <c>items[2].photo</c>). An upload replaces the answer; no upload leaves the answer as it was.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> AcceptAsync(FormStep step, IFormFileCollection files, JsonObject answers, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string>();
        foreach (var file in files)
        {
            if (file.Length == 0 && string.IsNullOrEmpty(file.FileName))
            {
                continue; // an empty file box
            }

            if (FileQuestion(step, file.Name) is not { } field)
            {
                continue; // not a question of this step: ignored, as unknown form fields are
            }

            var (answer, problem) = await StoreAsync(field, file.FileName, file.Length, file.OpenReadStream, cancellationToken);
            if (problem is not null)
            {
                problems[file.Name] = problem;
            }
            else
            {
                AnswerPaths.Set(answers, file.Name, answer);
            }
        }

        return problems;
    }

    /// <summary>The file question a posted name belongs to: <c>photo</c>, or <c>items[2].photo</c> inside a group (within its size).</summary>
    private static FormField? FileQuestion(FormStep step, string postedName)
    {
        if (step.Fields.FirstOrDefault(f => f.Widget == "file" && f.Path == postedName) is { } direct)
        {
            return direct;
        }

        foreach (var group in step.Fields.Where(f => f.Widget == "repeat"))
        {
            var prefix = group.Path + "[";
            var close = postedName.IndexOf("].", StringComparison.Ordinal);
            if (!postedName.StartsWith(prefix, StringComparison.Ordinal) || close < 0 ||
                !int.TryParse(postedName.AsSpan(prefix.Length, close - prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) ||
                index >= (group.MaxItems ?? 20))
            {
                continue;
            }

            var childPath = postedName[(close + 2)..];
            if (group.Fields?.FirstOrDefault(c => c.Widget == "file" && c.Path == childPath) is { } child)
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>The largest upload any file question accepts by default, for early refusal of oversized content.</summary>
    public static long MaxBytes(FormField field) => (field.MaxSizeMb ?? DefaultMaxSizeMb) * 1024L * 1024L;

    /// <summary>Checks and stores one file for <paramref name="field"/>: the answer to record, or a Japanese problem.</summary>
    public async Task<(JsonObject? Answer, string? Problem)> StoreAsync(FormField field, string fileName, long length, Func<Stream> open, CancellationToken cancellationToken)
    {
        var accept = field.Accept ?? DefaultAccept;
        if (length == 0)
        {
            return (null, t["Form.Error.FileEmpty", field.Label]);
        }

        if (length > MaxBytes(field))
        {
            return (null, t["Form.Error.FileTooLarge", field.Label, field.MaxSizeMb ?? DefaultMaxSizeMb]);
        }

        string? type;
        await using (var head = open())
        {
            type = await FileSignature.DetectAsync(head);
        }

        if (type is null || !accept.Contains(type))
        {
            return (null, t["Form.Error.FileType", field.Label, string.Join("、", accept.Select(a => t[$"Form.FileType.{a}"].Value))]);
        }

        await using var content = open();
        var stored = await store.SaveAsync(content, cancellationToken);
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        if (name.Length == 0)
        {
            name = "attachment";
        }

        return (new JsonObject
        {
            ["sha256"] = stored.Sha256,
            ["name"] = name.Length > 100 ? name[^100..] : name,
            ["size"] = stored.Size,
            ["contentType"] = type,
        }, null);
    }
}
