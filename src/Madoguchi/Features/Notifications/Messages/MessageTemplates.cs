using Madoguchi.Platform.Db;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.Notifications.Messages;

/// <summary>
/// The templates' versions: at every start (with the catalog's sync) a template whose content in the catalog changed
/// since the catalog's last recorded version gets a new version; staff's reviewed edits are versions too
/// (<see cref="Templates.TemplateEditing"/>). The newest version wins, whichever wrote it — an edit survives restarts
/// until the file itself changes — and a message is always written from the newest, and names it.
/// </summary>
public sealed class MessageTemplates(MadoguchiDbContext db, MessageTemplateCatalog catalog, TimeProvider clock)
{
    public async Task SyncAsync(CancellationToken cancellationToken = default)
    {
        var versions = await db.Set<MessageTemplateVersion>().AsNoTracking().Select(v => new { v.Key, v.Version, v.Hash, v.Source }).ToListAsync(cancellationToken);
        foreach (var template in catalog.Templates)
        {
            var mine = versions.Where(v => v.Key == template.Key).ToList();
            var lastFromCatalog = mine.Where(v => v.Source == MessageTemplateVersion.FromCatalog).MaxBy(v => v.Version);
            if (lastFromCatalog?.Hash == template.Hash)
            {
                continue;
            }

            db.Add(new MessageTemplateVersion
            {
                Key = template.Key, Version = (mine.Count == 0 ? 0 : mine.Max(v => v.Version)) + 1, Hash = template.Hash, Name = template.Name, Subject = template.Subject, Body = template.Body,
                LineText = template.LineText, RecordedAt = clock.GetUtcNow().UtcDateTime,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The newest version of a template (the catalog's when none is recorded yet, as version 0).</summary>
    public async Task<MessageTemplateVersion> CurrentAsync(string key, CancellationToken cancellationToken)
    {
        var recorded = await db.Set<MessageTemplateVersion>().AsNoTracking().Where(v => v.Key == key).OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);
        if (recorded is not null)
        {
            return recorded;
        }

        var template = catalog.Find(key) ?? throw new InvalidOperationException($"No message template '{key}'.");
        return new MessageTemplateVersion { Key = key, Version = 0, Hash = template.Hash, Name = template.Name, Subject = template.Subject, Body = template.Body, LineText = template.LineText };
    }
}
