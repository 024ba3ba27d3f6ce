using Madoguchi.Features.Residents.Records;

namespace Madoguchi.Features.Counter.Visits;

/// <summary>
/// A person a visit serves, as the counter needs them: from the register (key: 宛名番号), or, for people moving in who are
/// not on it yet, from their 転入予約 (key: <c>n1</c>, <c>n2</c>… in the reservation's order). The key names the person in
/// the interview's answers and the bundle, so it holds letters and digits only.
/// </summary>
public sealed record VisitPerson(
    string Key,
    string FullName,
    string? Kana,
    DateOnly BirthDate,
    Sex? Sex,
    string Relationship,
    string? PostalCode,
    string Address,
    string? PreviousAddress,
    bool OnRegister)
{
    public bool IsHead => Relationship == Residents.Relationships.Head;

    /// <summary>A person on the register; a reading written * (a foreign resident without one) is no reading.</summary>
    public static VisitPerson FromRegister(ResidentRecordData record, string addressPrefix) => new(
        record.AtenaNumber,
        record.FullName,
        record.FamilyNameKana == "*" ? null : record.FullNameKana.TrimEnd('\u3000'),
        record.BirthDate,
        record.Sex,
        record.Relationship,
        record.PostalCode,
        ResidentDataItems.AddressOf(record, addressPrefix),
        record.PreviousAddress,
        OnRegister: true);
}
