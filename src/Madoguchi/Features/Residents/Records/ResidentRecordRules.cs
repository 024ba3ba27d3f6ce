using Madoguchi.Platform.Ui;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Residents.Records;

/// <summary>A problem with one item of one record: the item's name (<see cref="ResidentItems"/>) and what is wrong.</summary>
public sealed record ResidentProblem(int Row, string? Item, string Message);

/// <summary>
/// What a record must be before it is held, whichever connector brought it: the standard's rules for the numbers, 続柄,
/// フリガナ and 異動事由, and dates that can have happened (nothing before birth, nothing after it was processed but a
/// planned 転出).
/// </summary>
public sealed class ResidentRecordRules(IStringLocalizer<Resources.Messages> t)
{
    /// <summary>The first day of 明治: no one alive on the register was born before it.</summary>
    public static readonly DateOnly Earliest = JapaneseDate.EraStart(Era.Meiji)!.Value;

    /// <summary>How far ahead a 転出's planned date may lie (the online 転出届 is accepted up to 30 days before).</summary>
    public const int PlannedMoveOutDays = 30;

    public IEnumerable<ResidentProblem> Check(int row, ResidentRecordData r, DateTime nowUtc)
    {
        var processedOn = Platform.Time.JapanTime.DateOf(r.ProcessedAt);
        var today = Platform.Time.JapanTime.DateOf(nowUtc);
        if (!ResidentNumbers.IsValid(r.AtenaNumber))
        {
            yield return new(row, ResidentItems.AtenaNumber, t["Residents.Error.Number", ResidentItems.AtenaNumber, ResidentNumbers.MaxLength]);
        }

        if (r.HistoryNumber < 1)
        {
            yield return new(row, ResidentItems.HistoryNumber, t["Residents.Error.HistoryNumber"]);
        }

        if (!ResidentNumbers.IsValid(r.HouseholdNumber))
        {
            yield return new(row, ResidentItems.HouseholdNumber, t["Residents.Error.Number", ResidentItems.HouseholdNumber, ResidentNumbers.MaxLength]);
        }

        if (r.ResidentCode is { } code && (code.Length != 11 || !code.All(char.IsAsciiDigit)))
        {
            yield return new(row, ResidentItems.ResidentCode, t["Residents.Error.ResidentCode"]);
        }

        foreach (var problem in Name(row, ResidentItems.FamilyName, r.FamilyName, required: true)
            .Concat(Name(row, ResidentItems.GivenName, r.GivenName, required: r.Kind == ResidentKind.Japanese))
            .Concat(Name(row, ResidentItems.FormerSurname, r.FormerSurname, required: false)))
        {
            yield return problem;
        }

        foreach (var problem in Kana(row, ResidentItems.FamilyNameKana, r.FamilyNameKana, r.Kind, required: true)
            .Concat(Kana(row, ResidentItems.GivenNameKana, r.GivenNameKana, r.Kind, required: r.Kind == ResidentKind.Japanese && r.GivenName.Length > 0))
            .Concat(Kana(row, ResidentItems.FormerSurnameKana, r.FormerSurnameKana, r.Kind, required: r.FormerSurname is not null)))
        {
            yield return problem;
        }

        if (r.FormerSurnameKana is not null && r.FormerSurname is null)
        {
            yield return new(row, ResidentItems.FormerSurname, t["Residents.Error.FormerSurnameMissing"]);
        }

        if (r.BirthDate < Earliest || r.BirthDate > today)
        {
            yield return new(row, ResidentItems.BirthDate, t["Residents.Error.BirthDate"]);
        }

        switch (Relationships.Check(r.Relationship))
        {
            case RelationshipProblem.Missing:
                yield return new(row, ResidentItems.Relationship, t["Residents.Error.Required", ResidentItems.Relationship]);
                break;
            case RelationshipProblem.NotAStandardWord:
                yield return new(row, ResidentItems.Relationship, t["Residents.Error.RelationshipWord", r.Relationship]);
                break;
            case RelationshipProblem.ChainTooLong:
                yield return new(row, ResidentItems.Relationship, t["Residents.Error.RelationshipChain", r.Relationship]);
                break;
        }

        if (r.HouseholdOrder < 1 || (r.Relationship == Relationships.Head) != (r.HouseholdOrder == 1))
        {
            yield return new(row, ResidentItems.HouseholdOrder, t["Residents.Error.HouseholdOrder"]);
        }

        if (r.PostalCode.Length != 7 || !r.PostalCode.All(char.IsAsciiDigit))
        {
            yield return new(row, ResidentItems.PostalCode, t["Residents.Error.PostalCode"]);
        }

        foreach (var problem in Text(row, ResidentItems.Town, r.Town, ResidentLimits.Town, required: true)
            .Concat(Text(row, ResidentItems.StreetNumber, r.StreetNumber, ResidentLimits.StreetNumber, required: true))
            .Concat(Text(row, ResidentItems.Katagaki, r.Katagaki, ResidentLimits.Katagaki, required: false))
            .Concat(Text(row, ResidentItems.PreviousAddress, r.PreviousAddress, ResidentLimits.PreviousAddress, required: false)))
        {
            yield return problem;
        }

        if (r.BecameResidentOn < r.BirthDate || r.BecameResidentOn > processedOn)
        {
            yield return new(row, ResidentItems.BecameResidentOn, t["Residents.Error.DateBetween", ResidentItems.BecameResidentOn]);
        }

        if (r.AddressSetOn < r.BirthDate || r.AddressSetOn > processedOn)
        {
            yield return new(row, ResidentItems.AddressSetOn, t["Residents.Error.DateBetween", ResidentItems.AddressSetOn]);
        }

        if (r.NotifiedOn is { } notified && (notified < r.BirthDate || notified > processedOn))
        {
            yield return new(row, ResidentItems.NotifiedOn, t["Residents.Error.DateBetween", ResidentItems.NotifiedOn]);
        }

        if (!ChangeReasons.All.ContainsKey(r.ChangeReason))
        {
            yield return new(row, ResidentItems.ChangeReason, t["Residents.Error.ChangeReason", r.ChangeReason]);
        }
        else if (!ChangeReasons.Fits(r.ChangeReason, r.Status))
        {
            yield return new(row, ResidentItems.Status, t["Residents.Error.StatusReason", ResidentItems.StatusWord(r.Status), r.ChangeReason]);
        }

        var latestChange = ChangeReasons.MayBeInFuture(r.ChangeReason) ? processedOn.AddDays(PlannedMoveOutDays) : processedOn;
        if (r.ChangedOn < r.BirthDate || r.ChangedOn > latestChange)
        {
            yield return new(row, ResidentItems.ChangedOn, ChangeReasons.MayBeInFuture(r.ChangeReason)
                ? t["Residents.Error.ChangedOnPlanned", PlannedMoveOutDays]
                : t["Residents.Error.ChangedOn"]);
        }

        if (r.ProcessedAt < Earliest.ToDateTime(TimeOnly.MinValue))
        {
            yield return new(row, ResidentItems.ProcessedAt, t["Residents.Error.Required", ResidentItems.ProcessedAt]);
        }
        else if (r.ProcessedAt > nowUtc.AddMinutes(5))
        {
            yield return new(row, ResidentItems.ProcessedAt, t["Residents.Error.ProcessedAt"]);
        }

        foreach (var (item, serial) in new[] { (ResidentItems.SignatureCertificateSerial, r.SignatureCertificateSerial), (ResidentItems.AuthenticationCertificateSerial, r.AuthenticationCertificateSerial) })
        {
            if (serial is not null && (serial.Length > ResidentLimits.Serial || !serial.All(char.IsAsciiHexDigit)))
            {
                yield return new(row, item, t["Residents.Error.Serial"]);
            }
        }
    }

    private IEnumerable<ResidentProblem> Name(int row, string item, string? value, bool required) =>
        Text(row, item, value, ResidentLimits.Name, required);

    private IEnumerable<ResidentProblem> Text(int row, string item, string? value, int max, bool required)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                yield return new(row, item, t["Residents.Error.Required", item]);
            }
        }
        else if (value.Length > max)
        {
            yield return new(row, item, t["Residents.Error.TooLong", item, max]);
        }
        else if (value.Any(char.IsControl))
        {
            yield return new(row, item, t["Residents.Error.Control", item]);
        }
    }

    private IEnumerable<ResidentProblem> Kana(int row, string item, string? value, ResidentKind kind, bool required)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                yield return new(row, item, t["Residents.Error.Required", item]);
            }
        }
        else if (value.Length > ResidentLimits.Kana)
        {
            yield return new(row, item, t["Residents.Error.TooLong", item, ResidentLimits.Kana]);
        }
        else if (!(JapaneseText.IsKatakana(value) || (kind == ResidentKind.Foreign && value == "*")))
        {
            // A foreign resident's reading may be written * (no reading reported), as the register shows it.
            yield return new(row, item, t["Residents.Error.Kana", item]);
        }
    }
}
