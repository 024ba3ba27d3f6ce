using System.Text.Json;
using Madoguchi.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Features.CityOffice;

/// <summary>
/// What the city tells residents about its office and keeps up to date itself: where it is, how to call, when it is
/// open and the days it is closed. One row; it starts from configuration (<c>Municipality__*</c>,
/// <c>BusinessCalendar__*</c>) and is then kept by administrators in the browser.
/// </summary>
public sealed class CityProfile
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public required string Office { get; set; }

    public required string PostalCode { get; set; }

    public required string Address { get; set; }

    public required string Phone { get; set; }

    public string? Email { get; set; }

    public required string OpeningHours { get; set; }

    /// <summary>The closed days (every year and dated) as JSON: <c>[{"day":"12-29","note":"年末年始"}]</c>.</summary>
    public required string ClosedDays { get; set; }

    public int Revision { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The first values, from configuration.</summary>
    public static CityProfile From(Platform.Configuration.MunicipalityOptions municipality, BusinessCalendarOptions calendar) => new()
    {
        Office = municipality.Office,
        PostalCode = municipality.PostalCode,
        Address = municipality.Address,
        Phone = municipality.Phone,
        OpeningHours = municipality.OpeningHours,
        ClosedDays = Store(Platform.Time.ClosedDays.From(calendar)),
    };

    internal static string Store(ClosedDays days) =>
        JsonSerializer.Serialize(days.Days.Select(d => new StoredDay(d.Key, d.Note)), StoredJson);

    internal static ClosedDays Read(string json) => new(
        (JsonSerializer.Deserialize<List<StoredDay>>(json, StoredJson) ?? []).Select(d => d.Day.Split('-') switch
        {
            [var m, var day] => new ClosedDay(null, Number(m), Number(day), d.Note),
            [var y, var m, var day] => new ClosedDay(Number(y), Number(m), Number(day), d.Note),
            _ => throw new InvalidDataException($"city_profile: closed day '{d.Day}' is neither MM-dd nor yyyy-MM-dd"),
        }));

    private static int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions StoredJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private sealed record StoredDay(string Day, string? Note);
}

internal sealed class CityProfileConfiguration : IEntityTypeConfiguration<CityProfile>
{
    public void Configure(EntityTypeBuilder<CityProfile> builder)
    {
        builder.ToTable("city_profile");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Office).HasMaxLength(CityContacts.MaxText);
        builder.Property(c => c.PostalCode).HasMaxLength(8);
        builder.Property(c => c.Address).HasMaxLength(CityContacts.MaxText);
        builder.Property(c => c.Phone).HasMaxLength(20);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.OpeningHours).HasMaxLength(CityContacts.MaxText);
        builder.Property(c => c.Revision).IsConcurrencyToken();
    }
}
