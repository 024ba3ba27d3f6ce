using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Madoguchi.Platform.Ui;

namespace Madoguchi.Features.Jpki;

/// <summary>1 男性, 2 女性, 3 不明 (as the certificate writes it).</summary>
public enum HolderSex
{
    Unknown = 0,
    Male = 1,
    Female = 2,
    NotKnown = 3,
}

/// <summary>
/// 基本4情報 from a 署名用電子証明書's subjectAltName: name, sex, birth date, address, and whether the name or the address
/// contains substitute characters (characters outside JIS levels 1–2 replaced on the card), which staff must know
/// before comparing them with the resident record.
/// </summary>
public sealed record HolderAttributes(
    string Name,
    HolderSex Sex,
    DateOnly? BirthDate,
    int BirthEra,
    string Address,
    bool NameHasSubstitutes,
    bool AddressHasSubstitutes)
{
    /// <summary>
    /// Reads the otherName entries (<c>SEQUENCE { OID, [0] EXPLICIT UTF8String }</c>) of the certificate's subjectAltName;
    /// null when it has none of the JPKI ones (an authentication certificate carries no personal data).
    /// </summary>
    public static HolderAttributes? From(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions["2.5.29.17"];
        if (extension is null)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag != new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true))
                {
                    names.ReadEncodedValue(); // another kind of name: not ours
                    continue;
                }

                var otherName = names.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
                var type = otherName.ReadObjectIdentifier();
                var explicitValue = otherName.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
                values[type] = explicitValue.ReadCharacterString(UniversalTagNumber.UTF8String);
            }
        }
        catch (AsnContentException)
        {
            return null;
        }

        if (!values.ContainsKey(JpkiProfile.NameOid))
        {
            return null;
        }

        var birth = values.GetValueOrDefault(JpkiProfile.BirthDateOid) ?? string.Empty;
        DateOnly? birthDate = birth.Length == 9 && DateOnly.TryParseExact(birth[1..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
        return new HolderAttributes(
            values[JpkiProfile.NameOid],
            int.TryParse(values.GetValueOrDefault(JpkiProfile.SexOid), NumberStyles.None, CultureInfo.InvariantCulture, out var sex) && sex is >= 1 and <= 3 ? (HolderSex)sex : HolderSex.Unknown,
            birthDate,
            birth.Length > 0 && char.IsAsciiDigit(birth[0]) ? birth[0] - '0' : 0,
            values.GetValueOrDefault(JpkiProfile.AddressOid) ?? string.Empty,
            values.GetValueOrDefault(JpkiProfile.NameSubstituteFlagsOid)?.Contains('1', StringComparison.Ordinal) == true,
            values.GetValueOrDefault(JpkiProfile.AddressSubstituteFlagsOid)?.Contains('1', StringComparison.Ordinal) == true);
    }

    /// <summary>The era digit the card writes before the Western year: 1 明治 … 5 令和.</summary>
    public static int EraDigit(DateOnly date) => JapaneseDate.ToEra(date).Era switch
    {
        Era.Meiji => 1,
        Era.Taisho => 2,
        Era.Showa => 3,
        Era.Heisei => 4,
        Era.Reiwa => 5,
        _ => 0,
    };
}
