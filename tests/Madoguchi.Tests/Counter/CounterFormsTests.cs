using System.Net;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Counter.Visits;
using Madoguchi.Features.Identity;
using Madoguchi.Tests.Infrastructure;
using Madoguchi.Tests.Residents;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Counter;

/// <summary>
/// 書かない窓口's one screen (issue 17): every form of the bundle with what the register holds filled in, the rest by
/// interview (kept when something is missing), one A4 confirmation sheet, and on the resident's signature one counter
/// application per procedure in the back office, with the counts kept for the KPIs.
/// </summary>
public abstract class CounterFormsTests(Engine engine) : IntegrationTest(engine)
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    [Fact]
    public async Task AFamilyMovingIn_WritesNothing_AndEveryProcedureBecomesACounterApplication()
    {
        var family = await TestHouseholds.KudoAsync(App);
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));
        var forms = await PreparedAsync(clerk, family);

        // What the register holds is already there: the claimant (世帯主), the child, the address, the move date.
        var page = await CounterScreen.ValuesAsync(clerk, forms);
        Assert.Equal("工藤　誠", page["jidou_teate_nintei.claimant.name"]);
        Assert.Equal("工藤　蓮", page["jidou_teate_nintei.children[0].name"]);
        Assert.Equal("レン", page["jidou_teate_nintei.children[0].kana"].Split('\u3000')[^1]);
        Assert.Equal("工藤　恵", page[$"kokuho_kanyu_{family[1].Atena}.member.name"]);
        Assert.StartsWith("青森県五所川原市", page["suidou_kaishi_chushi.place.address"]);
        Assert.Equal(("Reiwa", "8", "12"), (page["suidou_kaishi_chushi.date.Era"], page["suidou_kaishi_chushi.date.Year"], page["suidou_kaishi_chushi.date.Month"]));
        Assert.DoesNotContain(page.Keys, k => k.EndsWith(".agree", StringComparison.Ordinal)); // the signature declares it

        // Saving with questions unanswered keeps what was typed and says what is missing, next to it.
        page[$"kokuho_kanyu_{family[1].Atena}.previousInsurance"] = "弘前市国民健康保険";
        var incomplete = await clerk.PostMultipartAsync(forms, page);
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        var incompletePage = WebUtility.HtmlDecode(await incomplete.Content.ReadAsStringAsync());
        Assert.Contains("電話番号", incompletePage);
        Assert.Contains("弘前市国民健康保険", incompletePage);
        Assert.Equal("弘前市国民健康保険", (await CounterScreen.ValuesAsync(clerk, forms))[$"kokuho_kanyu_{family[1].Atena}.previousInsurance"]);

        page = await CounterScreen.ValuesAsync(clerk, forms);
        Interview(page, family);
        var saved = await clerk.PostMultipartAsync(forms, page, ("kodomo_iryouhi.insurance.proof", "hokensho.png", Png));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var screen = WebUtility.HtmlDecode(await clerk.GetStringAsync(forms));
        Assert.Contains("なし（確認票への署名のみ）", screen);

        // One A4 sheet lists everything for the signature.
        var sheet = await clerk.GetAsync($"{forms}?handler=Sheet");
        Assert.Equal("application/pdf", sheet.Content.Headers.ContentType?.MediaType);
        var pdf = await sheet.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        using (var document = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdf), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import))
        {
            Assert.Equal(595, (int)document.Pages[0].Width.Point); // A4
        }

        // Without the signature nothing is made; with it, six applications of the counter channel in one commit.
        var unsigned = await clerk.PostFormAsync($"{forms}?handler=Complete", new() { ["Revision"] = RevisionOf(screen) }, forms);
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        Assert.Contains("署名したことを確かめて", WebUtility.HtmlDecode(await unsigned.Content.ReadAsStringAsync()));
        var completed = await clerk.PostFormAsync($"{forms}?handler=Complete", new() { ["Revision"] = RevisionOf(screen), ["Signed"] = "true" }, forms);
        Assert.Equal(HttpStatusCode.Redirect, completed.StatusCode);
        Assert.Contains("6件の申請を受け付けました", WebUtility.HtmlDecode(await clerk.GetStringAsync(forms)));

        await using var db = Database.CreateContext();
        var applications = await db.Set<Application>().AsNoTracking().OrderBy(a => a.ReceiptNumber).ToListAsync();
        Assert.Equal(6, applications.Count);
        Assert.All(applications, a => Assert.Equal(ApplicationChannel.Counter, a.Channel));
        Assert.Contains(applications, a => a.ProcedureId == "jidou-teate-nintei" && a.ApplicantName == "工藤　誠" && a.Department == "katei-fukushi");
        Assert.Contains(applications, a => a.ProcedureId == "kokuho-kanyu" && a.ApplicantName == "工藤　恵" && System.Text.Json.Nodes.JsonNode.Parse(a.Answers)?["agree"]?.GetValue<bool>() == true);
        var visit = await db.Set<CounterVisit>().AsNoTracking().SingleAsync();
        Assert.Equal(VisitStatus.Completed, visit.Status);
        Assert.Equal(6, visit.ReceiptList().Count);
        Assert.True(visit.PrefilledFields >= 25, $"prefilled {visit.PrefilledFields}");
        Assert.True(visit.InterviewedFields > 0);
        Assert.Equal(0, visit.PaperForms);
        Assert.Single(await AuditEventsAsync("counter.visit_completed"));
        Assert.Single(await AuditEventsAsync("counter.sheet_printed"));
        Assert.Equal(6, (await AuditEventsAsync("application.submitted")).Count);

        // The 国保 section exports them for the core system, though 国保加入 is not an online procedure.
        var kokuho = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "kokuho-nenkin"));
        Assert.Contains("value=\"kokuho-kanyu\"", await kokuho.GetStringAsync("/staff/cases/export"));
        var csv = await kokuho.GetStringAsync("/staff/cases/export?handler=Download&Procedure=kokuho-kanyu&Format=csv");
        Assert.Contains("工藤　恵", csv);
        Assert.Contains("弘前市国民健康保険", csv);
    }

    [Fact]
    public async Task ASecondClerksSave_IsToldNotOverwritten_AndACompletedVisitCannotBeChanged()
    {
        var family = await TestHouseholds.KudoAsync(App);
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));
        var forms = await PreparedAsync(clerk, family);
        var page = await CounterScreen.ValuesAsync(clerk, forms);
        Interview(page, family);
        Assert.Equal(HttpStatusCode.Redirect, (await clerk.PostMultipartAsync(forms, page, ("kodomo_iryouhi.insurance.proof", "hokensho.png", Png))).StatusCode);

        var stale = await clerk.PostMultipartAsync(forms, page); // the revision the clerk saw before saving
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("ほかの職員がこの窓口受付を更新しました", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()));

        var fresh = await CounterScreen.ValuesAsync(clerk, forms);
        Assert.Equal(HttpStatusCode.Redirect, (await clerk.PostFormAsync($"{forms}?handler=Complete", new() { ["Revision"] = fresh["Revision"], ["Signed"] = "true" }, forms)).StatusCode);
        var again = await clerk.PostFormAsync($"{forms}?handler=Complete", new() { ["Revision"] = fresh["Revision"], ["Signed"] = "true" }, forms);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await using var db = Database.CreateContext();
        Assert.Equal(6, await db.Set<Application>().CountAsync());
    }

    [Fact]
    public async Task TheFormsWaitForTheInterview_AndOnlyCounterClerksSeeThem()
    {
        var family = await TestHouseholds.KudoAsync(App);
        var clerk = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CounterClerk, "shimin"));
        var officer = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseOfficer, "shimin"));
        var started = await clerk.PostFormAsync("/staff/counter/visits", new() { ["atena"] = family[0].Atena }, $"/staff/residents/{family[0].Atena}");
        var visit = started.Headers.Location!.OriginalString;

        var early = await clerk.GetAsync($"{visit}/forms");
        Assert.Equal(HttpStatusCode.Redirect, early.StatusCode);
        Assert.Equal(visit, early.Headers.Location!.OriginalString);
        var forbidden = await officer.GetAsync($"{visit}/forms?handler=Sheet");
        Assert.Contains("/forbidden", forbidden.Headers.Location!.OriginalString);
    }

    /// <summary>Starts a visit for the 工藤 family moving in: 恵 without workplace insurance, a dog, no nursery.</summary>
    private static async Task<string> PreparedAsync(HttpClient clerk, IReadOnlyList<TestHouseholds.Person> family)
    {
        var started = await clerk.PostFormAsync("/staff/counter/visits", new() { ["atena"] = family[0].Atena }, $"/staff/residents/{family[0].Atena}");
        var visit = started.Headers.Location!.OriginalString;
        var answers = new Dictionary<string, string>
        {
            ["Revision"] = "0", ["LifeEventId"] = "tennyu", ["EventDate.Era"] = "Western", ["EventDate.Year"] = "2026", ["EventDate.Month"] = "12", ["EventDate.Day"] = "1",
            ["Answers[nursery]"] = "no", ["Answers[dog]"] = "yes",
        };
        for (var i = 0; i < family.Count; i++)
        {
            answers[$"Subjects[{i}]"] = family[i].Atena;
            answers[$"Answers[employeeInsurance.{family[i].Atena}]"] = family[i].GivenName == "恵" ? "no" : "yes";
            answers[$"Answers[careCertified.{family[i].Atena}]"] = "no";
        }

        Assert.Equal(HttpStatusCode.Redirect, (await clerk.PostFormAsync(visit, answers, visit)).StatusCode);
        return $"{visit}/forms";
    }

    /// <summary>What the clerk asks and types: phones, choices, the bank account, the dog.</summary>
    private static void Interview(Dictionary<string, string> page, IReadOnlyList<TestHouseholds.Person> family)
    {
        var megumi = family[1].Atena;
        page[$"kokuho_kanyu_{megumi}.householder.phone"] = "0173-35-2111";
        page[$"kokuho_kanyu_{megumi}.reason"] = "moving-in";
        page[$"kokumin_nenkin_kanyu_{megumi}.category"] = "first";
        page[$"kokumin_nenkin_kanyu_{megumi}.reason"] = "moving-in";
        page[$"kokumin_nenkin_kanyu_{megumi}.phone"] = "０９０−１２３４−５６７８"; // full-width, as typed
        page["jidou_teate_nintei.claimant.phone"] = "0173-35-2111";
        page["jidou_teate_nintei.relationship"] = "father";
        page["jidou_teate_nintei.pensionType"] = "kosei";
        Bank(page, "jidou_teate_nintei.bank", "クドウ　マコト");
        page["kodomo_iryouhi.guardian.phone"] = "0173-35-2111";
        page["kodomo_iryouhi.guardian.relationship"] = "father";
        page["kodomo_iryouhi.children[0].reason"] = "move-in";
        page["kodomo_iryouhi.insurance.type"] = "shakai";
        Bank(page, "kodomo_iryouhi.bank", "くどう　まこと");
        page["inu_touroku.owner.phone"] = "0173-35-2111";
        (page["inu_touroku.dog.name"], page["inu_touroku.dog.breed"], page["inu_touroku.dog.coat"]) = ("ポチ", "柴", "赤");
        (page["inu_touroku.dog.sex"], page["inu_touroku.dog.kept"]) = ("male", "indoors");
        (page["inu_touroku.dog.bornOn.Era"], page["inu_touroku.dog.bornOn.Year"], page["inu_touroku.dog.bornOn.Month"], page["inu_touroku.dog.bornOn.Day"]) = ("Reiwa", "3", "4", "5");
        page["suidou_kaishi_chushi.kind"] = "start";
        page["suidou_kaishi_chushi.payment"] = "slip";
        page["suidou_kaishi_chushi.user.phone"] = "0173-35-2111";
    }

    private static void Bank(Dictionary<string, string> page, string path, string holder)
    {
        (page[$"{path}.bankCode"], page[$"{path}.branchCode"], page[$"{path}.type"], page[$"{path}.number"], page[$"{path}.holderKana"]) = ("0117", "101", "ordinary", "1234567", holder);
    }

    private static string RevisionOf(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "name=\"Revision\" value=\"(\\d+)\"").Groups[1].Value;
}

public sealed class CounterFormsTests_Sqlite() : CounterFormsTests(Engine.Sqlite);

public sealed class CounterFormsTests_PostgreSql() : CounterFormsTests(Engine.PostgreSql);
