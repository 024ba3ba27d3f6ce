using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Features.Casework;
using Madoguchi.Features.Identity;
using Madoguchi.Features.Jpki;
using Madoguchi.Features.Procedures.Catalog;
using Madoguchi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Applications;

/// <summary>個人番号: asked only where the law allows, stored encrypted, shown masked.</summary>
public abstract class MyNumberTests(Engine engine) : IntegrationTest(engine)
{
    private const string ProcedureId = "douro-sonshou-tsuuhou";

    // 11 digits and their check digit (番号法施行令 第8条).
    private const string MyNumber = "123456789018";

    [Fact]
    public async Task TheCatalog_RefusesAMyNumberQuestion_WithoutALegalBasis()
    {
        var directory = await CatalogAskingForMyNumberAsync(legalBasis: null);

        var error = await Assert.ThrowsAsync<CatalogException>(() => CatalogCopy.PublishAsync(App, directory));

        Assert.Contains("field 'contact.myNumber' asks for 個人番号 but the procedure has no myNumberLegalBasis", error.Message);
    }

    [Fact]
    public async Task TheCatalog_RefusesAMyNumberQuestion_BelowTheCardLevels()
    {
        var directory = await CatalogAskingForMyNumberAsync("番号法第9条第1項 別表（試験用）", identityLevel: "account");

        var error = await Assert.ThrowsAsync<CatalogException>(() => CatalogCopy.PublishAsync(App, directory));

        Assert.Contains("field 'contact.myNumber' asks for 個人番号, which needs 本人確認 with the My Number Card (番号法第16条)", error.Message);
    }

    [Fact]
    public async Task OnTheWeb_TheNumberIsStoredEncrypted_NeverSentBack_AndShownMasked()
    {
        await CatalogCopy.PublishAsync(App, await CatalogAskingForMyNumberAsync("番号法第9条第1項 別表（試験用）"));
        var client = await App.SignInAsync(await App.CreateResidentAsync());
        var started = await client.PostFormAsync($"/procedures/{ProcedureId}/apply", new());
        var step0 = started.Headers.Location!.OriginalString;
        await client.PostFormAsync(step0, new()
        {
            ["kind"] = "pothole", ["location"] = "五所川原市字布屋町41番地1の前の市道", ["details"] = "穴があります",
            ["noticedOn.Era"] = "Western", ["noticedOn.Year"] = "2026", ["noticedOn.Month"] = "11", ["noticedOn.Day"] = "20", ["action"] = "next",
        });
        var step1 = step0.Replace("/step/0", "/step/1", StringComparison.Ordinal);
        var contact = new Dictionary<string, string>
        {
            ["wantsReply"] = "yes", ["contact.name"] = "五所川原 花子", ["contact.kana"] = "ゴショガワラ ハナコ", ["contact.phone"] = "0173352111",
            ["contact.myNumber"] = "１２３４ ５６７８ ９０１７", ["agree"] = "true", ["action"] = "next",
        };

        var wrong = await client.PostFormAsync(step1, contact);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("123456789017", await wrong.Content.ReadAsStringAsync()); // not a valid number: shown back to be corrected

        contact["contact.myNumber"] = "１２３４ ５６７８ ９０１８";
        var saved = await client.PostFormAsync(step1, contact);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        await using (var db = Database.CreateContext())
        {
            var draft = await db.Set<ApplicationDraft>().AsNoTracking().SingleAsync();
            Assert.DoesNotContain(MyNumber, draft.Answers, StringComparison.Ordinal);
            Assert.Contains("\"mn1:", draft.Answers, StringComparison.Ordinal);
        }

        var again = await client.GetStringAsync(step1);
        Assert.DoesNotContain(MyNumber, again, StringComparison.Ordinal);
        Assert.Contains("●●●● ●●●● 9018", again);
        Assert.Contains("name=\"contact.myNumber.kept\" value=\"9018\"", again);

        // The box left empty keeps the number already given.
        contact["contact.myNumber"] = string.Empty;
        contact["contact.myNumber.kept"] = "9018";
        var kept = await client.PostFormAsync(step1, contact);
        Assert.Equal(HttpStatusCode.Redirect, kept.StatusCode);
        var check = kept.Headers.Location!.OriginalString;
        var summary = await client.GetStringAsync(check);
        Assert.Contains("●●●● ●●●● 9018", summary);
        Assert.DoesNotContain(MyNumber, summary, StringComparison.Ordinal);

        // What the card signs shows the number masked too: it never goes back to the browser.
        var document = await client.GetByteArrayAsync(check + "?handler=document");
        Assert.Contains("●●●● ●●●● 9018", Encoding.UTF8.GetString(document));
        Assert.DoesNotContain(MyNumber, Encoding.UTF8.GetString(document), StringComparison.Ordinal);
        var submitted = await client.PostFormAsync(check, new() { ["declaration"] = "true", ["Signature"] = Convert.ToBase64String(Card().SignCms(document)) });
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);

        await using (var db = Database.CreateContext())
        {
            var application = await db.Set<Application>().AsNoTracking().SingleAsync();
            Assert.DoesNotContain(MyNumber, application.Answers, StringComparison.Ordinal);
            var audit = await db.Set<Madoguchi.Platform.Audit.AuditEvent>().AsNoTracking().ToListAsync();
            Assert.DoesNotContain(audit, e => (e.Details ?? string.Empty).Contains(MyNumber, StringComparison.Ordinal));
            var outbox = await db.OutboxMessages.AsNoTracking().ToListAsync();
            Assert.DoesNotContain(outbox, m => m.Payload.Contains(MyNumber, StringComparison.Ordinal));
            var messages = await db.Set<Madoguchi.Features.Notifications.Messages.Notification>().AsNoTracking().ToListAsync();
            Assert.DoesNotContain(messages, m => (m.Body + m.LineText + m.Subject).Contains(MyNumber, StringComparison.Ordinal));
            var form = await App.WithServicesAsync(s => s.GetRequiredService<ProcedureCatalog>().FormAsync(application.ProcedureId, application.ProcedureVersion));
            var opened = await App.WithServicesAsync(s => Task.FromResult(s.GetRequiredService<MyNumberVault>().Open(form!, application.Answers)));
            Assert.Equal(MyNumber, opened["contact"]!["myNumber"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task ThroughTheApi_TheNumberIsStoredEncrypted_AndReadBackMasked()
    {
        await CatalogCopy.PublishAsync(App, await CatalogAskingForMyNumberAsync("番号法第9条第1項 別表（試験用）"));
        var client = await App.CreateApiClientAsync((await App.CreateResidentAsync()).UserId, ResidentApiScopes.Applications);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/procedures/{ProcedureId}/applications")
        {
            Content = new StringContent($$"""
                {"kind":"pothole","location":"五所川原市字布屋町41番地1","details":"穴があります","noticedOn":"2026-11-20","wantsReply":"yes",
                 "contact":{"name":"五所川原 花子","kana":"ゴショガワラ ハナコ","phone":"0173352111","myNumber":"1234-5678-9018"},"agree":true}
                """, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "mn-1");
        request.Headers.Add("X-Jpki-Signature", Convert.ToBase64String(Card().SignCms(await request.Content.ReadAsByteArrayAsync())));

        var created = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var receipt = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["receiptNumber"]!.GetValue<string>();
        await using var db = Database.CreateContext();
        Assert.DoesNotContain(MyNumber, (await db.Set<Application>().AsNoTracking().SingleAsync()).Answers, StringComparison.Ordinal);
        var shown = await client.GetStringAsync($"/api/v1/applications/{receipt}");
        Assert.DoesNotContain(MyNumber, shown, StringComparison.Ordinal);
        Assert.Equal("●●●● ●●●● 9018", JsonNode.Parse(shown)!["answers"]!["contact"]!["myNumber"]!.GetValue<string>());
    }

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Jpki:AcceptTestCards"] = "true" };

    /// <summary>A virtual card from the local test CA, to sign with as the card level requires.</summary>
    private VirtualCard Card()
    {
        var ca = LocalTestCa.Init(Path.Combine(Database.DataDirectory, "jpki", "test-ca"), DateTimeOffset.UtcNow);
        return ca.IssueCard(new CardHolder("五所川原　花子", "ゴショガワラ　ハナコ", new DateOnly(1980, 4, 1), HolderSex.Female, "青森県五所川原市字布屋町41番地1"), DateTimeOffset.UtcNow);
    }

    /// <summary>A copy of the catalog whose road-damage report also asks the reporter's 個人番号 (at a card level).</summary>
    private async Task<string> CatalogAskingForMyNumberAsync(string? legalBasis, string identityLevel = "mynumber-signature")
    {
        var directory = CatalogCopy.Create(Database, "catalog-my-number");
        var file = Path.Combine(directory, "procedures", $"{ProcedureId}.json");
        var procedure = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
        procedure["identityLevel"] = identityLevel;
        if (legalBasis is not null)
        {
            procedure["myNumberLegalBasis"] = legalBasis;
        }

        var form = procedure["form"]!;
        form["schema"]!["properties"]!["contact"]!["properties"]!["myNumber"] = new JsonObject { ["type"] = "string", ["format"] = "my-number" };
        var contactStep = form["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "contact")!;
        contactStep["fields"]!.AsArray().Insert(4, new JsonObject
        {
            ["path"] = "contact.myNumber", ["widget"] = "my-number", ["label"] = "個人番号", ["visibleWhen"] = new JsonObject { ["path"] = "wantsReply", ["equalTo"] = "yes" },
        });
        await File.WriteAllTextAsync(file, procedure.ToJsonString());
        return directory;
    }
}

public sealed class MyNumberTests_Sqlite() : MyNumberTests(Engine.Sqlite);

public sealed class MyNumberTests_PostgreSql() : MyNumberTests(Engine.PostgreSql);
