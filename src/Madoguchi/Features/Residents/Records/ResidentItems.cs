namespace Madoguchi.Features.Residents.Records;

/// <summary>
/// The names of the record's items as the file format's header and every report write them (docs/residents.md): the
/// standard's own words, so that the IT staff of the 住民記録 system recognise them.
/// </summary>
public static class ResidentItems
{
    public const string AtenaNumber = "宛名番号";
    public const string HistoryNumber = "履歴番号";
    public const string HouseholdNumber = "世帯番号";
    public const string ResidentCode = "住民票コード";
    public const string FamilyName = "氏";
    public const string GivenName = "名";
    public const string FamilyNameKana = "氏フリガナ";
    public const string GivenNameKana = "名フリガナ";
    public const string KanaConfirmed = "フリガナ確認";
    public const string FormerSurname = "旧氏";
    public const string FormerSurnameKana = "旧氏フリガナ";
    public const string BirthDate = "生年月日";
    public const string Sex = "性別";
    public const string Relationship = "続柄";
    public const string HouseholdOrder = "世帯員並び順";
    public const string PostalCode = "郵便番号";
    public const string Town = "町字";
    public const string StreetNumber = "番地";
    public const string Katagaki = "方書";
    public const string BecameResidentOn = "住民となった年月日";
    public const string AddressSetOn = "住所を定めた年月日";
    public const string NotifiedOn = "届出年月日";
    public const string PreviousAddress = "転入前住所";
    public const string Status = "住民状態";
    public const string Kind = "住民種別";
    public const string ChangeReason = "異動事由";
    public const string ChangedOn = "異動日";
    public const string ProcessedAt = "処理日時";
    public const string SignatureCertificateSerial = "署名用電子証明書シリアル番号";
    public const string AuthenticationCertificateSerial = "利用者証明用電子証明書シリアル番号";

    /// <summary>Every column of the file, in the order the export writes them.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        AtenaNumber, HistoryNumber, HouseholdNumber, ResidentCode, FamilyName, GivenName, FamilyNameKana, GivenNameKana,
        KanaConfirmed, FormerSurname, FormerSurnameKana, BirthDate, Sex, Relationship, HouseholdOrder, PostalCode, Town,
        StreetNumber, Katagaki, BecameResidentOn, AddressSetOn, NotifiedOn, PreviousAddress, Status, Kind, ChangeReason,
        ChangedOn, ProcessedAt, SignatureCertificateSerial, AuthenticationCertificateSerial,
    ];

    /// <summary>Columns a file may leave empty.</summary>
    public static readonly IReadOnlySet<string> Optional = new HashSet<string>(StringComparer.Ordinal)
    {
        ResidentCode, FormerSurname, FormerSurnameKana, Katagaki, NotifiedOn, PreviousAddress,
        SignatureCertificateSerial, AuthenticationCertificateSerial, GivenName, GivenNameKana,
    };

    public static string StatusWord(ResidentStatus status) => status switch
    {
        ResidentStatus.Registered => "住登内",
        ResidentStatus.MovedOut => "転出",
        ResidentStatus.Deceased => "死亡",
        _ => "消除",
    };

    public static ResidentStatus? StatusOf(string word) => word switch
    {
        "住登内" => ResidentStatus.Registered,
        "転出" => ResidentStatus.MovedOut,
        "死亡" => ResidentStatus.Deceased,
        "消除" => ResidentStatus.Removed,
        _ => null,
    };

    public static string SexWord(Sex sex) => sex == Records.Sex.Male ? "男" : "女";

    public static Sex? SexOf(string word) => word switch
    {
        "男" or "1" => Records.Sex.Male,
        "女" or "2" => Records.Sex.Female,
        _ => null,
    };

    /// <summary>
    /// 生年月日 as the register shows it: 和暦 with the 西暦 year for Japanese residents, 西暦 for foreign residents
    /// (住民記録システム標準仕様書 §1.1.2).
    /// </summary>
    public static string BirthDateText(DateOnly date, ResidentKind kind) =>
        kind == ResidentKind.Foreign ? $"{date.Year}年{date.Month}月{date.Day}日" : Platform.Ui.JapaneseDate.FormatWithWestern(date);

    public static string KindWord(ResidentKind kind) => kind == ResidentKind.Japanese ? "日本人" : "外国人";

    public static ResidentKind? KindOf(string word) => word switch
    {
        "日本人" => ResidentKind.Japanese,
        "外国人" => ResidentKind.Foreign,
        _ => null,
    };
}
