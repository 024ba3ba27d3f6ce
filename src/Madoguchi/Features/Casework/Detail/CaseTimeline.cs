using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;

namespace Madoguchi.Features.Casework.Detail;

public sealed record TimelineEntry(DateTime At, string Who, string Kind, string What, string? Text, IReadOnlyList<CaseFile> Files);

/// <summary>A file on a case: an answer to a file question, or attached to a reply.</summary>
public sealed record CaseFile(string Sha256, string Name, long Size, string ContentType, string From);

/// <summary>Status changes and notes of a case, oldest first, as one story; and every file the case holds.</summary>
public static class CaseTimeline
{
    public static IReadOnlyList<TimelineEntry> Build(CaseDetail detail, IReadOnlyDictionary<string, string> names, Func<string, string> text)
    {
        string Who(string id) => id == CaseActors.Applicant ? text("Cases.ApplicantActor") : id == CaseActors.System ? text("Cases.SystemActor") : names.GetValueOrDefault(id, id);
        var entries = detail.History.Select(h => new TimelineEntry(
                h.ChangedAt, Who(h.ChangedBy), "status", text($"CaseStatus.{h.ToStatus}"), h.Reason, []))
            .Concat(detail.Notes.Where(n => n.Kind != CaseNoteKind.Request) // a request is shown with the move that made it
                .Select(n => new TimelineEntry(n.CreatedAt, Who(n.AuthorId), n.Kind, text($"CaseNote.{n.Kind}"), n.Text, FilesOf(n))));
        return entries.OrderBy(e => e.At).ToList();
    }

    public static IReadOnlyList<CaseFile> Files(JsonObject answers, IEnumerable<CaseNote> notes, Func<string, string> text)
    {
        var files = new List<CaseFile>();
        Collect(answers, text("Cases.FileFromApplication"), files);
        files.AddRange(notes.SelectMany(FilesOf));
        return files;
    }

    public static IReadOnlyList<CaseFile> FilesOf(CaseNote note)
    {
        var files = new List<CaseFile>();
        if (note.Attachments is { } json && JsonNode.Parse(json) is { } node)
        {
            Collect(node, note.Kind, files);
        }

        return files;
    }

    private static void Collect(JsonNode node, string from, List<CaseFile> files)
    {
        switch (node)
        {
            case JsonObject obj when obj["sha256"] is JsonValue sha && obj["name"] is JsonValue name:
                files.Add(new CaseFile(sha.GetValue<string>(), name.GetValue<string>(), obj["size"]?.GetValue<long>() ?? 0, obj["contentType"]?.GetValue<string>() ?? "application/octet-stream", from));
                break;
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        Collect(child, from, files);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Collect(child, from, files);
                    }
                }

                break;
        }
    }
}
