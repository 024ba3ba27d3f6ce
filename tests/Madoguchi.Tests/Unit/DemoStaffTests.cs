using System.Text.Json;
using Madoguchi.Features.Administration;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.Unit;

/// <summary>The demo can be tried end to end for every procedure applied for online: each 課 has an officer and an approver.</summary>
public sealed class DemoStaffTests
{
    [Fact]
    public void EveryKaWithOnlineProcedures_HasADemoOfficerAndApprover()
    {
        var departments = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "catalog", "procedures"), "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .Where(p => p.TryGetProperty("form", out _) && p.GetProperty("channels").EnumerateArray().Any(c => c.GetString() == "online"))
            .Select(p => p.GetProperty("department").GetString()!)
            .Distinct()
            .ToList();

        Assert.True(departments.Count >= 10);
        Assert.All(departments, department =>
        {
            Assert.Contains(DemoSeeder.DemoStaff, s => s.Department == department && s.Role == StaffRoles.CaseOfficer);
            Assert.Contains(DemoSeeder.DemoStaff, s => s.Department == department && s.Role == StaffRoles.Approver);
        });
    }
}
