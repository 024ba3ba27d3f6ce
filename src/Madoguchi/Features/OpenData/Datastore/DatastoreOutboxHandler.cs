using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.OpenData.Datastore;

/// <summary>What the outbox carries for a CSV upload: the resource and the file it got.</summary>
public sealed record DatastoreLoadRequest(Guid ResourceId, string FileSha256);

/// <summary>
/// Loads an uploaded CSV into the datastore from the outbox, queued in the same transaction as the upload: a load cut
/// short by a crash or a database failure is tried again with back-off. A resource deleted or given another file since
/// is left alone (the newer upload has its own message).
/// </summary>
public sealed class DatastoreOutboxHandler(MadoguchiDbContext db, DatastoreLoader loader) : IOutboxHandler
{
    public const string MessageKind = "opendata.datastore-load";

    public string Kind => MessageKind;

    public static string KeyOf(DatastoreLoadRequest request) => $"datastore:{request.ResourceId}:{request.FileSha256}";

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var request = Outbox.Read<DatastoreLoadRequest>(message);
        var resource = await db.Set<OpenDataResource>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == request.ResourceId, cancellationToken);
        if (resource is null || resource.FileSha256 != request.FileSha256)
        {
            return;
        }

        if (await loader.LoadAsync(resource, cancellationToken) == DatastoreLoader.Outcome.Failed)
        {
            throw new InvalidOperationException($"The datastore load of resource {resource.Id} failed; it will be tried again.");
        }
    }
}
