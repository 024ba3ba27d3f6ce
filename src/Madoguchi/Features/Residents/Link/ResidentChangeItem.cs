using System.Text.Json;
using System.Text.Json.Serialization;
using Madoguchi.Features.Residents.Records;

namespace Madoguchi.Features.Residents.Link;

/// <summary>
/// One page of the change API (docs/resident-link.openapi.yaml): history records in the order the register processed
/// them, the cursor to ask for what follows, and whether more follow now.
/// </summary>
public sealed class ResidentChangePage
{
    /// <summary>How the API writes JSON: camelCase names, enumerations as camelCase words (registered, movedOut…).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public List<ResidentChangeItem>? Records { get; set; }

    public string? Next { get; set; }

    public bool HasMore { get; set; }
}

/// <summary>A history record as the change API writes it (the file format's items, with codes for the enumerations).</summary>
public sealed class ResidentChangeItem
{
    public string? AtenaNumber { get; set; }

    public int HistoryNumber { get; set; }

    public string? HouseholdNumber { get; set; }

    public string? ResidentCode { get; set; }

    public string? FamilyName { get; set; }

    public string? GivenName { get; set; }

    public string? FamilyNameKana { get; set; }

    public string? GivenNameKana { get; set; }

    public bool KanaConfirmed { get; set; }

    public string? FormerSurname { get; set; }

    public string? FormerSurnameKana { get; set; }

    public DateOnly BirthDate { get; set; }

    /// <summary>1 男, 2 女.</summary>
    public int Sex { get; set; }

    public string? Relationship { get; set; }

    public int HouseholdOrder { get; set; }

    public string? PostalCode { get; set; }

    public string? Town { get; set; }

    public string? StreetNumber { get; set; }

    public string? Katagaki { get; set; }

    public DateOnly BecameResidentOn { get; set; }

    public DateOnly AddressSetOn { get; set; }

    public DateOnly? NotifiedOn { get; set; }

    public string? PreviousAddress { get; set; }

    public ResidentStatus Status { get; set; }

    public ResidentKind Kind { get; set; }

    public string? ChangeReason { get; set; }

    public DateOnly ChangedOn { get; set; }

    public DateTimeOffset ProcessedAt { get; set; }

    public string? SignatureCertificateSerial { get; set; }

    public string? AuthenticationCertificateSerial { get; set; }

    public IncomingResidentRecord ToRecord() => new()
    {
        AtenaNumber = AtenaNumber ?? string.Empty,
        HistoryNumber = HistoryNumber,
        HouseholdNumber = HouseholdNumber ?? string.Empty,
        ResidentCode = Empty(ResidentCode),
        FamilyName = FamilyName ?? string.Empty,
        GivenName = GivenName ?? string.Empty,
        FamilyNameKana = FamilyNameKana ?? string.Empty,
        GivenNameKana = GivenNameKana ?? string.Empty,
        KanaConfirmed = KanaConfirmed,
        FormerSurname = Empty(FormerSurname),
        FormerSurnameKana = Empty(FormerSurnameKana),
        BirthDate = BirthDate,
        Sex = Sex == 2 ? Records.Sex.Female : Records.Sex.Male,
        Relationship = Relationship ?? string.Empty,
        HouseholdOrder = HouseholdOrder,
        PostalCode = PostalCode ?? string.Empty,
        Town = Town ?? string.Empty,
        StreetNumber = StreetNumber ?? string.Empty,
        Katagaki = Empty(Katagaki),
        BecameResidentOn = BecameResidentOn,
        AddressSetOn = AddressSetOn,
        NotifiedOn = NotifiedOn,
        PreviousAddress = Empty(PreviousAddress),
        Status = Status,
        Kind = Kind,
        ChangeReason = ChangeReason ?? string.Empty,
        ChangedOn = ChangedOn,
        ProcessedAt = ProcessedAt.UtcDateTime,
        SignatureCertificateSerial = Empty(SignatureCertificateSerial),
        AuthenticationCertificateSerial = Empty(AuthenticationCertificateSerial),
    };

    public static ResidentChangeItem From(ResidentRecordData r) => new()
    {
        AtenaNumber = r.AtenaNumber, HistoryNumber = r.HistoryNumber, HouseholdNumber = r.HouseholdNumber, ResidentCode = r.ResidentCode,
        FamilyName = r.FamilyName, GivenName = r.GivenName, FamilyNameKana = r.FamilyNameKana, GivenNameKana = r.GivenNameKana,
        KanaConfirmed = r.KanaConfirmed, FormerSurname = r.FormerSurname, FormerSurnameKana = r.FormerSurnameKana, BirthDate = r.BirthDate,
        Sex = (int)r.Sex, Relationship = r.Relationship, HouseholdOrder = r.HouseholdOrder, PostalCode = r.PostalCode, Town = r.Town,
        StreetNumber = r.StreetNumber, Katagaki = r.Katagaki, BecameResidentOn = r.BecameResidentOn, AddressSetOn = r.AddressSetOn,
        NotifiedOn = r.NotifiedOn, PreviousAddress = r.PreviousAddress, Status = r.Status, Kind = r.Kind, ChangeReason = r.ChangeReason,
        ChangedOn = r.ChangedOn, ProcessedAt = new DateTimeOffset(r.ProcessedAt, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(9)),
        SignatureCertificateSerial = r.SignatureCertificateSerial, AuthenticationCertificateSerial = r.AuthenticationCertificateSerial,
    };

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
