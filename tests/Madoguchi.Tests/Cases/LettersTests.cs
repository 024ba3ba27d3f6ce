using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Casework.Letters;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Cases;

/// <summary>Letters: a decision or a request issues an A4 notice that the applicant and the 課 can open.</summary>
public abstract partial class LettersTests(Engine engine) : IntegrationTest(engine)
{
    [Fact]
    public async Task ARejection_IssuesANoticeWithTheReasonAndTheKyouji_ForTheApplicantAndTheDepartment()
    {
        var (resident, receipt) = await CaseScenario.SubmitRoadDamageAsync(App);
        var officerAccount = await App.CreateStaffAsync(StaffRoles.CaseOfficer, "doboku");
        var officer = await App.CreateApiClientAsync(officerAccount.UserId, "cases");
        var id = await CaseScenario.IdOfAsync(officer, receipt);
        await CaseScenario.MoveAsync(officer, id, "in_review");

        var rejected = await CaseScenario.MoveAsync(officer, id, "rejected", "県道のため、県に連絡しました");
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);

        await using var db = Database.CreateContext();
        var letter = await db.Set<CaseLetter>().AsNoTracking().SingleAsync();
        Assert.Equal("decision-rejected", letter.Kind);
        Assert.Equal("道路・側溝などの損傷の通報の却下通知書", letter.Title);

        var browser = await App.SignInAsync(resident);
        var mine = await browser.GetStringAsync("/account/applications");
        var link = Regex.Match(mine, $"/applications/{receipt}/letters/[0-9a-f-]{{36}}").Value;
        Assert.NotEmpty(link);
        var pdf = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        var raw = System.Text.Encoding.Latin1.GetString(bytes);
        Assert.Matches(@"/MediaBox\s*\[0 0 595(\.\d+)? 84[12](\.\d+)?\]", raw);
        Assert.Contains("/FontFile2", raw);
        using (var document = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(bytes), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import))
        {
            Assert.Equal(letter.Title, document.Info.Title);
        }

        var stranger = await App.SignInAsync(await App.CreateResidentAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(link)).StatusCode);

        var staffPages = await App.SignInAsync(officerAccount);
        var casePage = await staffPages.GetStringAsync($"/staff/cases/{id}");
        Assert.Contains($"/staff/cases/{id}/letters/{letter.Id}", casePage);
        Assert.Equal(HttpStatusCode.OK, (await staffPages.GetAsync($"/staff/cases/{id}/letters/{letter.Id}")).StatusCode);
        Assert.Equal(2, (await AuditEventsAsync("case.letter_downloaded")).Count);

        var mail = (await WrittenMail.AllAsync(db))
            .Last(m => m["to"]!.GetValue<string>() == resident.Email);
        Assert.Contains("通知書を発行しました", mail["textBody"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARequestForInformation_IssuesARequestLetter_AndAnAnonymousApplicantIsToldItComesByPost()
    {
        var receipt = await CaseScenario.SubmitCourseAnonymouslyAsync(App, "hanako@example.jp");
        var officer = await CaseScenario.StaffApiAsync(App, StaffRoles.CaseOfficer, "shakai-kyoiku");
        var id = await CaseScenario.IdOfAsync(officer, receipt);
        await CaseScenario.MoveAsync(officer, id, "in_review");
        await CaseScenario.MoveAsync(officer, id, "awaiting_information", "受講者の年齢を教えてください");

        await using var db = Database.CreateContext();
        Assert.Equal("information-request", (await db.Set<CaseLetter>().AsNoTracking().SingleAsync()).Kind);
        var mail = (await WrittenMail.AllAsync(db)).Last();
        Assert.Contains("郵送でお届けします", mail["textBody"]!.GetValue<string>());
    }

    [Fact]
    public void EveryTemplate_IsIssuedOnAKnownStatus_AndUsesOnlyKnownPlaceholders()
    {
        var templates = new LetterTemplates().All;
        string[] known = ["applicantName", "procedureName", "receiptNumber", "receivedOn", "issuedOn", "reason", "departmentName", "municipalityName", "headTitle", "phone"];

        Assert.Equal(["decision-approved", "decision-rejected", "information-request"], templates.Select(l => l.Kind).Order());
        Assert.All(templates, l => Assert.Contains(l.IssuedOn, CaseWorkflow.Statuses));
        var texts = templates.SelectMany(l => l.Paragraphs.Concat(l.Notes).Concat(l.Rows.Select(r => r.Value)).Append(l.Title));
        Assert.All(texts.SelectMany(text => Placeholder().Matches(text).Select(m => m.Groups[1].Value)), name => Assert.Contains(name, known));
    }

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}

public sealed class LettersTests_Sqlite() : LettersTests(Engine.Sqlite);

public sealed class LettersTests_PostgreSql() : LettersTests(Engine.PostgreSql);
