using System.Text.Json.Nodes;
using Madoguchi.Platform.Storage;
using Madoguchi.Platform.Ui;
using Madoguchi.Resources;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Procedures.Forms;

/// <summary>
/// Attachments of a step: each upload is checked (not empty, within the field's size limit, a type the field accepts
/// as read from the file's first bytes, whatever its name says), stored content-addressed, and recorded in the
/// answers as {sha256, name, size, contentType}. Choosing no file keeps the one already attached.
/// </summary>
public sealed class FileAnswers(IFileStore store, IStringLocalizer<Messages> t)
{
    public static readonly IReadOnlyList<string> DefaultAccept = ["image/jpeg", "image/png", "application/pdf"];

    public const int DefaultMaxSizeMb = 10;

    public async Task<IReadOnlyDictionary<string, string>> AcceptAsync(FormStep step, IFormFileCollection files, JsonObject answers, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string>();
        foreach (var field in step.Fields.Where(f => f.Widget == "file"))
        {
            var file = files.GetFile(field.Path);
            if (file is null || (file.Length == 0 && string.IsNullOrEmpty(file.FileName)))
            {
                continue;
            }

            var accept = field.Accept ?? DefaultAccept;
            var maxSizeMb = field.MaxSizeMb ?? DefaultMaxSizeMb;
            if (file.Length == 0)
            {
                problems[field.Path] = t["Form.Error.FileEmpty", field.Label];
                continue;
            }

            if (file.Length > maxSizeMb * 1024L * 1024L)
            {
                problems[field.Path] = t["Form.Error.FileTooLarge", field.Label, maxSizeMb];
                continue;
            }

            string? type;
            await using (var head = file.OpenReadStream())
            {
                type = await FileSignature.DetectAsync(head);
            }

            if (type is null || !accept.Contains(type))
            {
                problems[field.Path] = t["Form.Error.FileType", field.Label, string.Join("、", accept.Select(a => t[$"Form.FileType.{a}"].Value))];
                continue;
            }

            await using var content = file.OpenReadStream();
            var stored = await store.SaveAsync(content, cancellationToken);
            var name = Path.GetFileName(file.FileName.Replace('\\', '/'));
            AnswerPaths.Set(answers, field.Path, new JsonObject
            {
                ["sha256"] = stored.Sha256,
                ["name"] = name.Length > 100 ? name[^100..] : name,
                ["size"] = stored.Size,
                ["contentType"] = type,
            });
        }

        return problems;
    }
}
