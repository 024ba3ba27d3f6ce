using Madoguchi.Features.Identity;
using Madoguchi.Features.OpenData.Catalog;
using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Features.OpenData.Manage;

/// <summary>オープンデータの管理: every dataset of the catalog, published or not, for the オープンデータ担当.</summary>
[Authorize(Policy = Policies.OpenDataOfficer)]
public sealed class IndexModel(MadoguchiDbContext db) : PageModel
{
    public sealed record Row(string Name, string Title, string? Department, bool Private, int Resources, DateTime ModifiedAt, string? SchemaName);

    public IReadOnlyList<Row> Datasets { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var datasets = await db.Set<OpenDataset>().AsNoTracking().Where(d => d.State != DatasetState.Deleted)
            .OrderByDescending(d => d.ModifiedAt)
            .Select(d => new { d.Name, d.Title, d.DepartmentId, d.Private, Resources = d.Resources.Count, d.ModifiedAt, d.SchemaName })
            .ToListAsync(cancellationToken);
        Datasets = datasets.Select(d => new Row(d.Name, d.Title, departments.GetValueOrDefault(d.DepartmentId), d.Private, d.Resources, d.ModifiedAt, d.SchemaName)).ToList();
    }
}
