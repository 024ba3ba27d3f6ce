using System.Net;
using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Residents.Link;
using Madoguchi.Features.Residents.Population;
using Madoguchi.Features.Residents.Records;
using Madoguchi.Features.Residents.Search;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Residents;

/// <summary>
/// Finding a person at the counter (issue 17): by name or reading typed any way, part of a name or one character, a
/// birth date in 和暦 or 西暦 (a day, a month, a year), a 町字 and 番地, in combination; bad criteria answered next to
/// their field; only counter clerks and case officers may look; every search and every record opened is audited,
/// without the words typed.
/// </summary>
public abstract class ResidentSearchTests(Engine engine) : IntegrationTest(engine)
{
    private static readonly DateOnly AsOf = new(2026, 11, 1);

    private static readonly ClaimsPrincipal Clerk = new(new ClaimsIdentity([new Claim(ClaimTypes.Role, StaffRoles.CounterClerk)], "test"));

    [Theory]
    [InlineData("林 一郎", null, null)]
    [InlineData("はやし　いちろう", null, null)]
    [InlineData("ﾊﾔｼｲﾁﾛｳ", null, null)]
    [InlineData("林", "S30", null)]
    [InlineData("いちろう", "昭和30年4月", null)]
    [InlineData(null, "1955-04-01", "布屋町")]
    [InlineData(null, "19550401", null)]
    [InlineData(null, null, "五所川原市字布屋町41-1")]
    [InlineData(null, null, "ぬのやちょう４１番地１")]
    [InlineData("森田", null, null)] // the former surname finds her too
    public async Task APerson_IsFound_HoweverTheClerkTypesIt(string? name, string? birthDate, string? address)
    {
        await CityAsync();

        var found = await SearchAsync(new ResidentQuery(name, birthDate, address, null));

        Assert.True(found.IsOk, found.Problem?.Title);
        var expected = name == "森田" ? "林　花子" : "林　一郎";
        Assert.Contains(found.Value!.Matches, m => m.FullName == expected);
    }

    [Fact]
    public async Task PeopleWhoLeftTheRegister_AreFoundOnlyWhenAsked_AndAWideSearchSaysThereAreMore()
    {
        await CityAsync();

        var registered = await SearchAsync(new ResidentQuery("林 次郎", null, null, null));
        var withRemoved = await SearchAsync(new ResidentQuery("林 次郎", null, null, null, IncludeRemoved: true));
        var wide = await SearchAsync(new ResidentQuery("佐", null, null, null));

        Assert.DoesNotContain(registered.Value!.Matches, m => m.FullName == "林　次郎");
        Assert.Contains(withRemoved.Value!.Matches, m => m.FullName == "林　次郎" && m.Status == ResidentStatus.Deceased);
        Assert.True(wide.Value!.More);
        Assert.Equal(ResidentSearch.MaxMatches, wide.Value.Matches.Count);
    }

    [Fact]
    public async Task TheSearchPage_AnswersBadCriteriaNextToTheirField_AndFindsByPost()
    {
        await CityAsync();
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));

        var bad = await clerk.PostFormAsync("/staff/residents", new() { ["Input.Name"] = "林", ["Input.BirthDate"] = "昭和70年13月", ["Input.Address"] = "東京都千代田区" }, "/staff/residents");
        var good = await clerk.PostFormAsync("/staff/residents", new() { ["Input.Name"] = "はやし", ["Input.BirthDate"] = "s30.4.1" }, "/staff/residents");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badPage = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("生年月日は「昭和30年4月1日」", badPage);
        Assert.Contains("市内の町字に見つかりません", badPage);
        Assert.Contains("value=\"昭和70年13月\"", badPage); // what was typed stays
        var goodPage = WebUtility.HtmlDecode(await good.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Contains("林　一郎", goodPage);
        Assert.Contains("昭和30年（1955年）4月1日", goodPage);
        var atena = await AtenaOfAsync("林", "一郎");
        var record = WebUtility.HtmlDecode(await clerk.GetStringAsync($"/staff/residents/{atena}"));
        Assert.Contains("林　花子", record); // the household
        Assert.Contains("転居", record); // the history
        var searched = await AuditEventsAsync("residents.searched");
        Assert.Equal(2, searched.Count(e => e.Details!.Contains("\"name\"")));
        Assert.DoesNotContain(searched, e => e.Details!.Contains("はやし") || e.Details.Contains("林"));
        Assert.Equal(atena, Assert.Single(await AuditEventsAsync("resident.viewed")).ResourceId);
    }

    [Fact]
    public async Task OnlyCounterClerksAndCaseOfficers_LookUpResidents()
    {
        await CityAsync();
        var approver = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Approver, "shimin"));
        var atena = await AtenaOfAsync("林", "一郎");

        foreach (var page in new[] { "/staff/residents", $"/staff/residents/{atena}" })
        {
            var response = await approver.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/forbidden", response.Headers.Location!.OriginalString);
        }

        var nothing = await SearchAsync(new ResidentQuery(" ", "", null, null));
        Assert.Equal(ProblemKind.Invalid, nothing.Problem!.Kind);
        var refused = await App.WithServicesAsync(s => s.GetRequiredService<ResidentSearch>().FindAsync(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, StaffRoles.Approver)], "test")), new ResidentQuery("林", null, null, null), CancellationToken.None));
        Assert.Equal(ProblemKind.Forbidden, refused.Problem!.Kind);
    }

    private Task<Result<ResidentSearchResult>> SearchAsync(ResidentQuery query) =>
        App.WithServicesAsync(s => s.GetRequiredService<ResidentSearch>().FindAsync(Clerk, query, CancellationToken.None));

    private Task<string> AtenaOfAsync(string family, string given) =>
        App.WithServicesAsync(async s => (await s.GetRequiredService<ResidentSearch>().FindAsync(Clerk, new ResidentQuery($"{family} {given}", null, null, null), CancellationToken.None)).Value!.Matches.First().AtenaNumber);

    /// <summary>A small synthetic city and the 林 household: 一郎 (born 昭和30年4月1日, moved within the city), 花子 (née 森田), 次郎 (deceased).</summary>
    private async Task CityAsync()
    {
        var records = SyntheticPopulation.Generate(300, seed: 5, AsOf).ToList();
        IncomingResidentRecord Hayashi(string atena, string given, string kana, DateOnly born, Sex sex, string relationship, int order) => new()
        {
            AtenaNumber = TestHouseholds.Number(long.Parse(atena, System.Globalization.CultureInfo.InvariantCulture)), HistoryNumber = 1, HouseholdNumber = TestHouseholds.Number(9_000_001),
            FamilyName = "林", GivenName = given, FamilyNameKana = "ハヤシ", GivenNameKana = kana, KanaConfirmed = true, BirthDate = born, Sex = sex,
            Relationship = relationship, HouseholdOrder = order, PostalCode = "0370053", Town = "字布屋町", StreetNumber = "41番地1",
            BecameResidentOn = born, AddressSetOn = born, Status = ResidentStatus.Registered, Kind = ResidentKind.Japanese, ChangeReason = "出生",
            ChangedOn = born, ProcessedAt = new DateTime(born.Year, born.Month, born.Day, 3, 0, 0, DateTimeKind.Utc).AddDays(3),
        };
        var ichiro = Hayashi("8000001", "一郎", "イチロウ", new DateOnly(1955, 4, 1), Sex.Male, "世帯主", 1);
        (ichiro.Town, ichiro.PostalCode, ichiro.StreetNumber) = ("大字飯詰", "0370002", "字福泉7番地");
        var moved = new IncomingResidentRecord();
        ichiro.CopyTo(moved);
        (moved.HistoryNumber, moved.ChangeReason, moved.ChangedOn, moved.AddressSetOn, moved.ProcessedAt) = (2, "転居", new DateOnly(1990, 6, 1), new DateOnly(1990, 6, 1), new DateTime(1990, 6, 2, 1, 0, 0, DateTimeKind.Utc));
        (moved.Town, moved.PostalCode, moved.StreetNumber) = ("字布屋町", "0370053", "41番地1");
        var hanako = Hayashi("8000002", "花子", "ハナコ", new DateOnly(1958, 7, 7), Sex.Female, "妻", 2);
        (hanako.FormerSurname, hanako.FormerSurnameKana) = ("森田", "モリタ");
        var jiro = Hayashi("8000003", "次郎", "ジロウ", new DateOnly(1930, 1, 9), Sex.Male, "父", 3);
        var died = new IncomingResidentRecord();
        jiro.CopyTo(died);
        (died.HistoryNumber, died.ChangeReason, died.Status, died.ChangedOn, died.NotifiedOn, died.ProcessedAt) = (2, "死亡", ResidentStatus.Deceased, new DateOnly(2024, 2, 1), null, new DateTime(2024, 2, 3, 1, 0, 0, DateTimeKind.Utc));
        records.AddRange([ichiro, moved, hanako, jiro, died]);
        var report = await App.WithServicesAsync(s => s.GetRequiredService<ResidentImport>().ApplyAsync("テスト用の住民", records.Select((r, i) => (i + 2, r)).ToList(), null, CancellationToken.None));
        Assert.True(report.Applied, string.Join("\n", report.Problems.Take(3)));
    }
}

public sealed class ResidentSearchTests_Sqlite() : ResidentSearchTests(Engine.Sqlite);

public sealed class ResidentSearchTests_PostgreSql() : ResidentSearchTests(Engine.PostgreSql);
