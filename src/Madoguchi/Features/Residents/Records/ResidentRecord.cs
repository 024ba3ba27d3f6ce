using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Madoguchi.Features.Residents.Records;

/// <summary>住民状態: on the register, or the reason a record left it (除票).</summary>
public enum ResidentStatus
{
    Registered,
    MovedOut,
    Deceased,
    Removed,
}

/// <summary>性別 as the register codes it (1 男, 2 女).</summary>
public enum Sex
{
    Male = 1,
    Female = 2,
}

/// <summary>住民種別.</summary>
public enum ResidentKind
{
    Japanese,
    Foreign,
}

/// <summary>
/// One state of a person's record in the 住民記録 system, with the standard items the counter needs (住民記録システム
/// 標準仕様書 §1.1.1): a full copy, as the register keeps one per change (§1.2.1, key 宛名番号 and 履歴番号). The same
/// items make the current record (<see cref="Resident"/>) and each history row (<see cref="ResidentHistoryEntry"/>).
/// </summary>
public abstract class ResidentRecordData
{
    public string AtenaNumber { get; set; } = string.Empty;

    /// <summary>履歴番号: 1 for the first record, one more for each change; the current record has the highest.</summary>
    public int HistoryNumber { get; set; }

    public string HouseholdNumber { get; set; } = string.Empty;

    /// <summary>住民票コード (11 digits), when the record has one.</summary>
    public string? ResidentCode { get; set; }

    public string FamilyName { get; set; } = string.Empty;

    public string GivenName { get; set; } = string.Empty;

    public string FamilyNameKana { get; set; } = string.Empty;

    public string GivenNameKana { get; set; } = string.Empty;

    /// <summary>フリガナ確認フラグ: the person confirmed the reading (or it was reported), rather than it being filled in.</summary>
    public bool KanaConfirmed { get; set; }

    public string? FormerSurname { get; set; }

    public string? FormerSurnameKana { get; set; }

    public DateOnly BirthDate { get; set; }

    public Sex Sex { get; set; }

    /// <summary>世帯主との続柄 (<see cref="Relationships"/>).</summary>
    public string Relationship { get; set; } = string.Empty;

    /// <summary>世帯員並び順: the head first.</summary>
    public int HouseholdOrder { get; set; }

    /// <summary>郵便番号, seven digits.</summary>
    public string PostalCode { get; set; } = string.Empty;

    /// <summary>町字 as the address writes it (字布屋町, 大字飯詰, 中央一丁目, 金木町朝日山).</summary>
    public string Town { get; set; } = string.Empty;

    /// <summary>番地 and the rest of the address after the 町字 (41番地1, 字福泉123).</summary>
    public string StreetNumber { get; set; } = string.Empty;

    /// <summary>方書: building and room.</summary>
    public string? Katagaki { get; set; }

    /// <summary>住民となった年月日.</summary>
    public DateOnly BecameResidentOn { get; set; }

    /// <summary>住所を定めた年月日.</summary>
    public DateOnly AddressSetOn { get; set; }

    /// <summary>届出の年月日 of the last change made by a notification (none for changes made 職権).</summary>
    public DateOnly? NotifiedOn { get; set; }

    /// <summary>転入前住所, for people who moved in (may be abroad).</summary>
    public string? PreviousAddress { get; set; }

    public ResidentStatus Status { get; set; }

    public ResidentKind Kind { get; set; }

    /// <summary>異動事由 of the change that made this record (<see cref="ChangeReasons"/>).</summary>
    public string ChangeReason { get; set; } = string.Empty;

    /// <summary>異動日.</summary>
    public DateOnly ChangedOn { get; set; }

    /// <summary>処理日時 in the register (UTC): the order in which changes are pulled.</summary>
    public DateTime ProcessedAt { get; set; }

    /// <summary>署名用電子証明書シリアル番号.</summary>
    public string? SignatureCertificateSerial { get; set; }

    /// <summary>利用者証明用電子証明書シリアル番号.</summary>
    public string? AuthenticationCertificateSerial { get; set; }

    /// <summary>SHA-256 of the items above: the same key with the same content is the same record.</summary>
    public string ContentHash { get; set; } = string.Empty;

    public string FullName => $"{FamilyName}\u3000{GivenName}";

    public string FullNameKana => $"{FamilyNameKana}\u3000{GivenNameKana}";

    /// <summary>The hash of the record's items in one fixed order and format.</summary>
    public string ComputeContentHash()
    {
        var text = string.Join('\u001f', Items().Select(i => i ?? "\u0000"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public void CopyTo(ResidentRecordData target)
    {
        target.AtenaNumber = AtenaNumber;
        target.HistoryNumber = HistoryNumber;
        target.HouseholdNumber = HouseholdNumber;
        target.ResidentCode = ResidentCode;
        target.FamilyName = FamilyName;
        target.GivenName = GivenName;
        target.FamilyNameKana = FamilyNameKana;
        target.GivenNameKana = GivenNameKana;
        target.KanaConfirmed = KanaConfirmed;
        target.FormerSurname = FormerSurname;
        target.FormerSurnameKana = FormerSurnameKana;
        target.BirthDate = BirthDate;
        target.Sex = Sex;
        target.Relationship = Relationship;
        target.HouseholdOrder = HouseholdOrder;
        target.PostalCode = PostalCode;
        target.Town = Town;
        target.StreetNumber = StreetNumber;
        target.Katagaki = Katagaki;
        target.BecameResidentOn = BecameResidentOn;
        target.AddressSetOn = AddressSetOn;
        target.NotifiedOn = NotifiedOn;
        target.PreviousAddress = PreviousAddress;
        target.Status = Status;
        target.Kind = Kind;
        target.ChangeReason = ChangeReason;
        target.ChangedOn = ChangedOn;
        target.ProcessedAt = ProcessedAt;
        target.SignatureCertificateSerial = SignatureCertificateSerial;
        target.AuthenticationCertificateSerial = AuthenticationCertificateSerial;
        target.ContentHash = ContentHash;
    }

    private IEnumerable<string?> Items()
    {
        var c = CultureInfo.InvariantCulture;
        yield return AtenaNumber;
        yield return HistoryNumber.ToString(c);
        yield return HouseholdNumber;
        yield return ResidentCode;
        yield return FamilyName;
        yield return GivenName;
        yield return FamilyNameKana;
        yield return GivenNameKana;
        yield return KanaConfirmed ? "1" : "0";
        yield return FormerSurname;
        yield return FormerSurnameKana;
        yield return BirthDate.ToString("yyyy-MM-dd", c);
        yield return ((int)Sex).ToString(c);
        yield return Relationship;
        yield return HouseholdOrder.ToString(c);
        yield return PostalCode;
        yield return Town;
        yield return StreetNumber;
        yield return Katagaki;
        yield return BecameResidentOn.ToString("yyyy-MM-dd", c);
        yield return AddressSetOn.ToString("yyyy-MM-dd", c);
        yield return NotifiedOn?.ToString("yyyy-MM-dd", c);
        yield return PreviousAddress;
        yield return Status.ToString();
        yield return Kind.ToString();
        yield return ChangeReason;
        yield return ChangedOn.ToString("yyyy-MM-dd", c);
        yield return ProcessedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", c);
        yield return SignatureCertificateSerial;
        yield return AuthenticationCertificateSerial;
    }
}

/// <summary>A record as it arrives from a connector (a file row or an API item), before it is held.</summary>
public sealed class IncomingResidentRecord : ResidentRecordData;

/// <summary>The current record of a person: the copy with the highest 履歴番号 held.</summary>
public sealed class Resident : ResidentRecordData
{
    /// <summary>氏名 and フリガナ folded for search (<see cref="Search.ResidentSearchText"/>).</summary>
    public string SearchName { get; set; } = string.Empty;

    /// <summary>番地 written one way for search (<see cref="Search.ResidentSearchText.StreetKey"/>): 41番地1 → 41-1.</summary>
    public string StreetKey { get; set; } = string.Empty;
}

/// <summary>A full copy of the record as one change left it.</summary>
public sealed class ResidentHistoryEntry : ResidentRecordData
{
    /// <summary>When Madoguchi received this copy (UTC).</summary>
    public DateTime ReceivedAt { get; set; }
}

/// <summary>One bigram of a resident's folded name (or a start mark and the first character), for search.</summary>
public sealed class ResidentSearchGram
{
    public required string Gram { get; set; }

    public required string AtenaNumber { get; set; }
}
