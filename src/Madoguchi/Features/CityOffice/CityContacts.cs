using Madoguchi.Platform.Time;

namespace Madoguchi.Features.CityOffice;

/// <summary>The city office as residents are told about it now (a snapshot of <see cref="CityProfile"/>).</summary>
public sealed record CityContacts(
    string Office, string PostalCode, string Address, string Phone, string? Email, string OpeningHours, ClosedDays ClosedDays, int Revision)
{
    public const int MaxText = 200;

    /// <summary>The number to dial (tel: link): digits only.</summary>
    public static string Dial(string phone) => new(phone.Where(char.IsAsciiDigit).ToArray());

    internal static CityContacts Of(CityProfile row) =>
        new(row.Office, row.PostalCode, row.Address, row.Phone, row.Email, row.OpeningHours, CityProfile.Read(row.ClosedDays), row.Revision);
}

/// <summary>A 課 as residents are told about it: where it sits and how to reach it (the city's number when it has none).</summary>
public sealed record DepartmentContact(string Id, string Name, string? Location, string Phone, string? Email);
