using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Madoguchi.Features.Jpki;

namespace Madoguchi.Tests.Jpki;

/// <summary>The local JPKI test CA issues virtual cards in the real certificate profile.</summary>
public sealed class LocalTestCaTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly CardHolder Hanako = new("五所川原　花子", "ゴショガワラ　ハナコ", new DateOnly(1980, 4, 1), HolderSex.Female, "青森県五所川原市字布屋町41番地1");
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"madoguchi-jpki-{Guid.NewGuid():N}");

    [Fact]
    public void TheSignatureCertificate_CarriesTheFourItems_ForNonRepudiationUnderTheTestPolicy()
    {
        var card = LocalTestCa.Init(directory, Now).IssueCard(Hanako, Now);

        var signature = card.Signature;
        var usage = signature.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(usage.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, usage.KeyUsages);
        Assert.Equal([JpkiProfile.SignatureTestPolicy], CertificatePolicies.Of(signature));
        Assert.True(signature.Extensions[CertificatePolicies.Oid]!.Critical);
        Assert.Equal(2048, signature.GetRSAPublicKey()!.KeySize);
        Assert.Equal("sha256RSA", signature.SignatureAlgorithm.FriendlyName);
        Assert.StartsWith("C=JP, O=LOCAL-JPKI-TEST, CN=", signature.SubjectName.Format(false).Replace("\n", ", ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(new DateTime(2031, 3, 31, 14, 59, 59, DateTimeKind.Utc), signature.NotAfter.ToUniversalTime()); // the day before the fifth birthday after issue

        var holder = HolderAttributes.From(signature)!;
        Assert.Equal("五所川原　花子", holder.Name);
        Assert.Equal(HolderSex.Female, holder.Sex);
        Assert.Equal(new DateOnly(1980, 4, 1), holder.BirthDate);
        Assert.Equal(3, holder.BirthEra); // 昭和
        Assert.Equal("青森県五所川原市字布屋町41番地1", holder.Address);
        Assert.False(holder.NameHasSubstitutes);
    }

    [Fact]
    public void TheAuthenticationCertificate_IsForClientAuthentication_AndCarriesNoPersonalData()
    {
        var card = LocalTestCa.Init(directory, Now).IssueCard(Hanako, Now);

        var authentication = card.Authentication;
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, authentication.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.Contains(authentication.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>(), o => o.Value == JpkiProfile.ClientAuthentication);
        Assert.Equal([JpkiProfile.AuthenticationTestPolicy], CertificatePolicies.Of(authentication));
        Assert.Null(HolderAttributes.From(authentication));
        Assert.DoesNotContain("花子", authentication.Subject, StringComparison.Ordinal);
        Assert.Matches("^CN=[0-9A-Z]{23}, C=JP$", authentication.Subject);
    }

    [Fact]
    public void EachCertificate_ChainsToItsOwnCa_AndNotToTheOther()
    {
        var ca = LocalTestCa.Init(directory, Now);
        var card = ca.IssueCard(Hanako, Now);

        Assert.True(Chains(card.Signature, ca.SignatureCa));
        Assert.True(Chains(card.Authentication, ca.AuthenticationCa));
        Assert.False(Chains(card.Signature, ca.AuthenticationCa));
        Assert.Equal(ca.SignatureCa.Thumbprint, LocalTestCa.Init(directory, Now).SignatureCa.Thumbprint); // init again keeps the CA
    }

    [Fact]
    public void AVirtualCard_IsAPkcs12File_OpenedOnlyWithItsPin()
    {
        var card = LocalTestCa.Init(directory, Now).IssueCard(Hanako, Now);

        var file = card.Export("TEST1234");
        var opened = VirtualCard.Import(file, "TEST1234");

        Assert.Equal(card.Signature.SerialNumber, opened.Signature.SerialNumber);
        Assert.True(opened.Signature.HasPrivateKey);
        Assert.True(opened.Authentication.HasPrivateKey);
        Assert.ThrowsAny<CryptographicException>(() => VirtualCard.Import(file, "WRONG999"));
    }

    private static bool Chains(X509Certificate2 certificate, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Now.UtcDateTime;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>The <c>jpki</c> commands, run as an operator would.</summary>
public sealed class JpkiCliTests
{
    [Fact]
    public async Task TestCaInit_ThenTestCardIssue_WritesAVirtualCard_AndBadInputIsExplained()
    {
        var data = Path.Combine(Path.GetTempPath(), $"madoguchi-jpki-cli-{Guid.NewGuid():N}");
        var environment = new Dictionary<string, string> { ["MADOGUCHI_DATA_DIR"] = data };
        try
        {
            var init = await Infrastructure.Cli.RunAsync(null, environment, "jpki", "test-ca", "init");
            Assert.Equal(0, init.ExitCode);
            Assert.Contains("LOCAL-JPKI-TEST", init.Output);

            var card = Path.Combine(data, "hanako.p12");
            var issue = await Infrastructure.Cli.RunAsync(null, environment, "jpki", "test-card", "issue",
                "--name", "五所川原 花子", "--kana", "ごしょがわら はなこ", "--birth", "昭和55年4月1日", "--sex", "女", "--address", "青森県五所川原市字布屋町41番地1", "--out", card);
            Assert.Equal(0, issue.ExitCode);
            Assert.Equal("五所川原　花子", HolderAttributes.From(VirtualCard.Import(await File.ReadAllBytesAsync(card), "TEST1234").Signature)!.Name);

            var content = Path.Combine(data, "application.json");
            await File.WriteAllTextAsync(content, "{\"procedureId\":\"kokuho-dattai\"}");
            Assert.Equal(0, (await Infrastructure.Cli.RunAsync(null, environment, "jpki", "sign", "--card", card, "--pin", "TEST1234", "--data", content)).ExitCode);
            var valid = await Infrastructure.Cli.RunAsync(null, environment, "jpki", "verify", "--data", content, "--signature", content + ".p7s");
            Assert.Equal(0, valid.ExitCode);
            Assert.Contains("\"status\": \"valid\"", valid.Output);
            Assert.Contains("\"name\": \"五所川原", valid.Output); // 基本4情報 from the certificate

            var serial = VirtualCard.Import(await File.ReadAllBytesAsync(card), "TEST1234").Signature.SerialNumber;
            Assert.Equal(0, (await Infrastructure.Cli.RunAsync(null, environment, "jpki", "test-ca", "revoke", "--serial", serial)).ExitCode);
            var revoked = await Infrastructure.Cli.RunAsync(null, environment, "jpki", "verify", "--data", content, "--signature", content + ".p7s");
            Assert.Equal(1, revoked.ExitCode);
            Assert.Contains("\"problem\": \"revoked\"", revoked.Output);
            Assert.Equal(1, (await Infrastructure.Cli.RunAsync(null, environment, "jpki", "test-ca", "revoke", "--serial", "0123")).ExitCode);

            var bad = await Infrastructure.Cli.RunAsync(null, environment, "jpki", "test-card", "issue",
                "--name", "五所川原 花子", "--kana", "ハナコ", "--birth", "昭和99年", "--sex", "女", "--address", "五所川原市");
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("--birth", bad.Error);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
