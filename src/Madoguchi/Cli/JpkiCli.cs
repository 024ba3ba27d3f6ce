using System.CommandLine;
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

        return new Command("jpki", "My Number Card (JPKI) tools: the local test CA and virtual cards")
        {
            new Command("test-ca", "The local JPKI test CA") { init },
            new Command("test-card", "Virtual My Number Cards issued by the local test CA") { issue },
        };
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
