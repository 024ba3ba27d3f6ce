using System.Globalization;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Ui;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.DesignSystem;

/// <summary>
/// The living reference of the form building blocks: every field type on one sample form, validated on the server
/// exactly as feature forms are, so reviewers and the accessibility tests see each block in its normal and error
/// states. Nothing is stored; a valid post shows the normalised values.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(MadoguchiDbContext db, TimeProvider clock, IStringLocalizer<Messages> t) : PageModel
{
    private const long MaxAttachmentBytes = 10 * 1024 * 1024;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<(string Label, string Value)>? Result { get; private set; }

    public IReadOnlyList<SelectListItem> DeliveryOptions =>
    [
        new(t["DesignSystem.DeliveryCounter"], "counter"),
        new(t["DesignSystem.DeliveryPost"], "post"),
    ];

    public IReadOnlyList<SelectListItem> Departments { get; private set; } = [];

    public sealed class InputModel
    {
        public string? Name { get; set; }

        public string? Kana { get; set; }

        public DateInput BirthDate { get; set; } = new();

        public string? Phone { get; set; }

        public string? People { get; set; }

        public string? Delivery { get; set; }

        public string? Department { get; set; }

        public string? Message { get; set; }

        public IFormFile? Attachment { get; set; }

        public bool Agree { get; set; }
    }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        var result = new List<(string, string)>();

        var name = JapaneseText.Normalise(Input.Name ?? string.Empty);
        Require(name.Length > 0, "Input.Name", "DesignSystem.NameRequired");
        result.Add((t["DesignSystem.Name"], name));

        var kana = JapaneseText.ToKatakana(Input.Kana ?? string.Empty);
        if (Require(kana.Length > 0, "Input.Kana", "DesignSystem.KanaRequired"))
        {
            Require(JapaneseText.IsKatakana(kana), "Input.Kana", "DesignSystem.KanaInvalid");
        }

        result.Add((t["DesignSystem.Kana"], kana));

        var dateError = Input.BirthDate.TryGetDate(out var birthDate);
        if (dateError != JapaneseDate.DateError.None)
        {
            ModelState.AddModelError("Input.BirthDate", t[$"Form.Date.{dateError}"]);
        }
        else if (Require(birthDate <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(9)), "Input.BirthDate", "DesignSystem.BirthDateFuture"))
        {
            result.Add((t["DesignSystem.BirthDate"], JapaneseDate.FormatWithWestern(birthDate)));
        }

        var phone = new string(JapaneseText.Normalise(Input.Phone ?? string.Empty).Where(c => c != '-' && c != '\u3000').ToArray());
        if (phone.Length > 0 && Require(phone.All(char.IsAsciiDigit) && phone.Length is 10 or 11 && phone[0] == '0', "Input.Phone", "DesignSystem.PhoneInvalid"))
        {
            result.Add((t["DesignSystem.Phone"], phone));
        }

        var people = JapaneseText.Normalise(Input.People ?? string.Empty);
        if (people.Length > 0 && Require(int.TryParse(people, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 20, "Input.People", "DesignSystem.PeopleInvalid"))
        {
            result.Add((t["DesignSystem.People"], people));
        }

        Require(DeliveryOptions.Any(o => o.Value == Input.Delivery), "Input.Delivery", "DesignSystem.DeliveryRequired");
        if (!string.IsNullOrEmpty(Input.Department))
        {
            Require(Departments.Any(d => d.Value == Input.Department), "Input.Department", "DesignSystem.DepartmentInvalid");
        }

        if ((Input.Message?.Length ?? 0) > 1000)
        {
            ModelState.AddModelError("Input.Message", t["DesignSystem.MessageTooLong"]);
        }

        if (Input.Attachment is { } file)
        {
            if (Require(file.Length <= MaxAttachmentBytes, "Input.Attachment", "DesignSystem.AttachmentTooLarge"))
            {
                await using var stream = file.OpenReadStream();
                var kind = await FileSignature.DetectAsync(stream);
                if (Require(kind is not null, "Input.Attachment", "DesignSystem.AttachmentType"))
                {
                    result.Add((t["DesignSystem.Attachment"], $"{kind} {file.Length:N0} B"));
                }
            }
        }

        Require(Input.Agree, "Input.Agree", "DesignSystem.AgreeRequired");

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Result = result;
        return Page();
    }

    private bool Require(bool condition, string key, string messageKey)
    {
        if (!condition)
        {
            ModelState.AddModelError(key, t[messageKey]);
        }

        return condition;
    }

    private async Task LoadAsync() =>
        Departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder)
            .Select(d => new SelectListItem(d.Name, d.Id)).ToListAsync();
}
