using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using System.Globalization;
using Madoguchi.Features.Jpki;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Ui;

namespace Madoguchi.Cli;

/// <summary>
/// <c>jpki …</c>: the local JPKI test CA and virtual cards, so that developers and testers can run the card journeys
/// without a card reader or a real card (issue 5). Needs no database.
/// </summary>
public static class JpkiCli
{
    public const string DefaultPin = "TEST1234";

    public static Command Command(IServiceProvider services)
    {
        var directory = new Option<string?>("--dir") { Description = "The test CA's directory (default: <data>/jpki/test-ca)" };
        var init = new Command("init", "Create the local test CA (署名用 and 利用者証明用), unless it exists") { directory };
        init.SetAction(parse =>
        {
            var ca = LocalTestCa.Init(DirectoryOf(services, parse.GetValue(directory)), DateTimeOffset.UtcNow);
            Console.WriteLine($"Local JPKI test CA in {ca.Directory}");
            Console.WriteLine($"  署名用 CA:     {ca.SignatureCa.Subject} (SHA-256 {ca.SignatureCa.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)})");
            Console.WriteLine($"  利用者証明用 CA: {ca.AuthenticationCa.Subject} (SHA-256 {ca.AuthenticationCa.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)})");
            return 0;
        });

        var name = new Option<string>("--name") { Description = "氏名, family and given name separated by a space", Required = true };
        var kana = new Option<string>("--kana") { Description = "フリガナ", Required = true };
        var birth = new Option<string>("--birth") { Description = "生年月日: 1980-04-01, 昭和55年4月1日 or S55.4.1", Required = true };
        var sex = new Option<string>("--sex") { Description = "性別: 1 or 男, 2 or 女, 3 (不明)", Required = true };
        var address = new Option<string>("--address") { Description = "住所 as on the card", Required = true };
        var output = new Option<string?>("--out") { Description = "Where to write the virtual card (PKCS#12); default: <name>.p12 in the current directory" };
        var pin = new Option<string>("--pin") { Description = "The virtual card's PIN (protects the PKCS#12 file)", DefaultValueFactory = _ => DefaultPin };
        var issue = new Command("issue", "Issue a virtual My Number Card with both certificates in the real profile") { name, kana, birth, sex, address, output, pin, directory };
        issue.SetAction(parse =>
        {
            if (ReadBirth(parse.GetValue(birth)!) is not { } birthDate)
            {
                Console.Error.WriteLine($"--birth '{parse.GetValue(birth)}' is not a date (1980-04-01, 昭和55年4月1日, S55.4.1).");
                return 2;
            }

            if (ReadSex(parse.GetValue(sex)!) is not { } holderSex)
            {
                Console.Error.WriteLine($"--sex '{parse.GetValue(sex)}' is not 1/男, 2/女 or 3.");
                return 2;
            }

            var holder = new CardHolder(
                JapaneseText.Normalise(parse.GetValue(name)!), JapaneseText.ToKatakana(parse.GetValue(kana)!), birthDate, holderSex, JapaneseText.Normalise(parse.GetValue(address)!));
            var ca = LocalTestCa.Open(DirectoryOf(services, parse.GetValue(directory)));
            var card = ca.IssueCard(holder, DateTimeOffset.UtcNow);
            var path = Path.GetFullPath(parse.GetValue(output) ?? $"{holder.Name.Replace('\u3000', '_')}.p12");
            File.WriteAllBytes(path, card.Export(parse.GetValue(pin)!));
            Console.WriteLine($"Virtual card for {holder.Name} written to {path}");
            Console.WriteLine($"  署名用電子証明書     serial {card.Signature.SerialNumber}, valid until {card.Signature.NotAfter:yyyy-MM-dd}");
            Console.WriteLine($"  利用者証明用電子証明書 serial {card.Authentication.SerialNumber}");
            Console.WriteLine($"  PIN: {parse.GetValue(pin)}");
            return 0;
        });

        var serial = new Option<string>("--serial") { Description = "Serial number (hex) of a certificate the test CA issued", Required = true };
        var revoke = new Command("revoke", "Revoke a certificate of the local test CA and publish new CRLs") { serial, directory };
        revoke.SetAction(parse =>
        {
            var ca = LocalTestCa.Open(DirectoryOf(services, parse.GetValue(directory)));
            if (!ca.Revoke(parse.GetValue(serial)!, DateTimeOffset.UtcNow))
            {
                Console.Error.WriteLine($"The local test CA issued no certificate with serial {parse.GetValue(serial)}.");
                return 1;
            }

            Console.WriteLine($"Revoked {parse.GetValue(serial)}; CRLs written to {ca.Directory}");
            return 0;
        });

        var cardFile = new Option<string>("--card") { Description = "The virtual card (PKCS#12)", Required = true };
        var data = new Option<string>("--data") { Description = "The file whose exact bytes are signed", Required = true };
        var signatureOut = new Option<string?>("--out") { Description = "Where to write the signature (default: <data>.p7s, or <data>.sig with --raw)" };
        var raw = new Option<bool>("--raw") { Description = "A raw PKCS#1 v1.5 signature (and <out>.crt, the certificate) instead of CMS" };
        var sign = new Command("sign", "Sign a file with a virtual card's signature key (detached CMS SignedData, SHA-256)") { cardFile, pin, data, signatureOut, raw };
        sign.SetAction(parse =>
        {
            var card = VirtualCard.Import(File.ReadAllBytes(parse.GetValue(cardFile)!), parse.GetValue(pin)!);
            var content = File.ReadAllBytes(parse.GetValue(data)!);
            var outPath = parse.GetValue(signatureOut) ?? parse.GetValue(data) + (parse.GetValue(raw) ? ".sig" : ".p7s");
            if (parse.GetValue(raw))
            {
                File.WriteAllBytes(outPath, card.SignRaw(content));
                File.WriteAllText(outPath + ".crt", card.Signature.ExportCertificatePem());
            }
            else
            {
                File.WriteAllBytes(outPath, card.SignCms(content));
            }

            Console.WriteLine($"Signature written to {Path.GetFullPath(outPath)}");
            return 0;
        });

        var challenge = new Option<string>("--challenge") { Description = "The value shown on the card sign-in or card registration page", Required = true };
        var authenticate = new Command("authenticate", "Answer a card challenge with a virtual card's authentication key (what the card bridge will do)") { cardFile, pin, challenge };
        authenticate.SetAction(parse =>
        {
            var card = VirtualCard.Import(File.ReadAllBytes(parse.GetValue(cardFile)!), parse.GetValue(pin)!);
            var signed = card.SignChallenge(Convert.FromBase64String(parse.GetValue(challenge)!.Trim()));
            Console.WriteLine($"signature:   {Convert.ToBase64String(signed)}");
            Console.WriteLine($"certificate: {Convert.ToBase64String(card.Authentication.RawData)}");
            return 0;
        });

        var signature = new Option<string>("--signature") { Description = "A detached CMS signature (DER or PEM), or a raw signature with --certificate", Required = true };
        var certificate = new Option<string?>("--certificate") { Description = "For a raw PKCS#1 signature: the signer's certificate" };
        var verify = new Command("verify", "Verify a signature over a file; prints the report as JSON; exit 0 only when valid") { data, signature, certificate };
        verify.SetAction(async (parse, cancellationToken) =>
        {
            var verifier = services.GetRequiredService<SignatureVerifier>();
            var content = await File.ReadAllBytesAsync(parse.GetValue(data)!, cancellationToken);
            var signatureBytes = ReadDerOrPem(await File.ReadAllBytesAsync(parse.GetValue(signature)!, cancellationToken));
            var report = parse.GetValue(certificate) is { } certificatePath
                ? await verifier.VerifyRawAsync(content, signatureBytes, ReadDerOrPem(await File.ReadAllBytesAsync(certificatePath, cancellationToken)), cancellationToken)
                : await verifier.VerifyCmsAsync(content, signatureBytes, cancellationToken);
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(report, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
            {
                WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
            }));
            return report.IsValid ? 0 : 1;
        });

        var origins = new Option<string[]>("--origin") { Description = "A site allowed to ask for the card, e.g. http://localhost:5000 (repeat for more)", Required = true, AllowMultipleArgumentsPerToken = true };
        var port = new Option<int>("--port") { Description = "The loopback port to listen on", DefaultValueFactory = _ => new Uri(CardBridgeProtocol.DefaultUrl).Port };
        var yes = new Option<bool>("--yes") { Description = "Approve every request without asking (automated tests only)" };
        var bridge = new Command("bridge", $"Serve the card bridge ({CardBridgeProtocol.Name}) on loopback with a virtual card, so that pages can sign in and sign with it") { cardFile, pin, origins, port, yes };
        bridge.SetAction(async (parse, cancellationToken) =>
        {
            var path = Path.GetFullPath(parse.GetValue(cardFile)!);
            try
            {
                VirtualCard.Import(File.ReadAllBytes(path), parse.GetValue(pin)!); // a wrong PIN or file fails here, not at the first page
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException)
            {
                Console.Error.WriteLine($"Cannot open the virtual card {path}: {ex.Message}");
                return 2;
            }

            var approveAll = parse.GetValue(yes);
            var server = new CardBridgeServer(path, parse.GetValue(pin)!, parse.GetValue(origins)!.Select(o => o.TrimEnd('/')).ToList(), question =>
            {
                Console.WriteLine();
                Console.WriteLine(question);
                if (approveAll)
                {
                    Console.WriteLine("(--yes: approved)");
                    return true;
                }

                Console.Write("Use the card? [y/N] ");
                return Console.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes";
            }, services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Madoguchi.Resources.Messages>>());
            await server.RunAsync(parse.GetValue(port), cancellationToken, url => Console.WriteLine($"Card bridge ({CardBridgeProtocol.Name}) at {url} for {string.Join(", ", parse.GetValue(origins)!)}; Ctrl+C to stop"));
            return 0;
        });

        return new Command("jpki", "My Number Card (JPKI) tools: the local test CA, virtual cards, signing and verification")
        {
            bridge,
            new Command("test-ca", "The local JPKI test CA") { init, revoke },
            new Command("test-card", "Virtual My Number Cards issued by the local test CA") { issue },
            sign,
            verify,
            authenticate,
        };
    }

    /// <summary>OpenSSL writes PEM by default (<c>-outform DER</c> for DER); both are read.</summary>
    private static byte[] ReadDerOrPem(byte[] bytes)
    {
        if (bytes.Length == 0 || bytes[0] != (byte)'-')
        {
            return bytes;
        }

        var text = System.Text.Encoding.ASCII.GetString(bytes);
        var fields = System.Security.Cryptography.PemEncoding.Find(text);
        return Convert.FromBase64String(text[fields.Base64Data]);
    }

    private static string DirectoryOf(IServiceProvider services, string? given) =>
        Path.GetFullPath(given ?? Path.Combine(services.GetRequiredService<MadoguchiSettings>().DataDirectory, "jpki", "test-ca"));

    private static DateOnly? ReadBirth(string text)
    {
        var normalised = JapaneseText.Normalise(text);
        if (DateOnly.TryParseExact(normalised, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        return JapaneseDate.TryParseWareki(normalised, out var wareki) ? wareki : null;
    }

    private static HolderSex? ReadSex(string text) => JapaneseText.Normalise(text) switch
    {
        "1" or "男" or "男性" => HolderSex.Male,
        "2" or "女" or "女性" => HolderSex.Female,
        "3" => HolderSex.NotKnown,
        _ => null,
    };
}
