using System.Security.Claims;
using Madoguchi.Features.Identity;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Ui;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Administration.Staff;

/// <summary>
/// One staff account: name, 課 and roles; a new one-time password or a reset of the second factor (with a reason);
/// stopping and restarting the account; their open sessions and API tokens, each ended on its own. Every change is
/// one operation of <see cref="StaffAccounts"/>, the same as the command line's, and audited.
/// </summary>
[Authorize(Policy = Policies.SystemAdministrator)]
public sealed class DetailModel(StaffAccounts staff, AccountNames accounts, IStringLocalizer<Messages> t) : PageModel
{
    private static readonly HashSet<string> Notices = ["updated", "two-factor", "stopped", "restarted", "session", "token"];

    [BindProperty]
    public StaffInput Input { get; set; } = new();

    [BindProperty]
    public string? ChangeReason { get; set; }

    [BindProperty]
    public string? PasswordReason { get; set; }

    [BindProperty]
    public string? TwoFactorReason { get; set; }

    [BindProperty]
    public string? StateReason { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public StaffAccountDetail Account { get; private set; } = null!;

    public IReadOnlyList<SelectListItem> Departments { get; private set; } = [];

    public string? NewPassword { get; private set; }

    public string? Notice => Done is { } done && Notices.Contains(done) ? t[$"StaffAdmin.Done.{done}"].Value : null;

    public bool IsSelf => Account.User.Id == User.FindFirstValue(ClaimTypes.NameIdentifier);

    public string FormatInstant(DateTime utc) => JapaneseDate.FormatInstant(utc);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Input = new StaffInput { DisplayName = Account.User.DisplayName, Email = Account.User.Email, Department = Account.User.DepartmentId, Roles = Account.Roles.ToList() };
        return Page();
    }

    public Task<IActionResult> OnPostUpdateAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(id, "updated", cancellationToken, async user =>
        {
            var name = StaffInput.Clean(Input.DisplayName);
            if (name is null || name.Length > 100)
            {
                ModelState.AddModelError("Input.DisplayName", name is null ? t["StaffAdmin.Error.Name"] : t["StaffAdmin.Error.NameLength"]);
            }

            var reason = Reason(ChangeReason, nameof(ChangeReason), required: false);
            if (!ModelState.IsValid)
            {
                return false;
            }

            await staff.UpdateAsync(user, name, StaffInput.Clean(Input.Department), Input.Roles.Distinct().ToList(), reason, cancellationToken);
            return true;
        });

    public async Task<IActionResult> OnPostResetPasswordAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (Reason(PasswordReason, nameof(PasswordReason), required: true) is not { } reason)
        {
            return Refused();
        }

        NewPassword = await staff.ResetPasswordAsync(Account.User, reason, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        await LoadAsync(id, cancellationToken);
        Input = new StaffInput { DisplayName = Account.User.DisplayName, Email = Account.User.Email, Department = Account.User.DepartmentId, Roles = Account.Roles.ToList() };
        return Page();
    }

    public Task<IActionResult> OnPostResetTwoFactorAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(id, "two-factor", cancellationToken, async user =>
        {
            if (Reason(TwoFactorReason, nameof(TwoFactorReason), required: true) is not { } reason)
            {
                return false;
            }

            await staff.ResetTwoFactorAsync(user, reason, cancellationToken);
            return true;
        });

    public Task<IActionResult> OnPostDeactivateAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(id, "stopped", cancellationToken, async user =>
        {
            if (Reason(StateReason, nameof(StateReason), required: true) is not { } reason)
            {
                return false;
            }

            await staff.DeactivateAsync(user, User.FindFirstValue(ClaimTypes.NameIdentifier)!, reason, cancellationToken);
            return true;
        });

    public Task<IActionResult> OnPostReactivateAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(id, "restarted", cancellationToken, async user =>
        {
            if (Reason(StateReason, nameof(StateReason), required: true) is not { } reason)
            {
                return false;
            }

            await staff.ReactivateAsync(user, reason, cancellationToken);
            return true;
        });

    public Task<IActionResult> OnPostEndSessionAsync(string id, Guid session, CancellationToken cancellationToken) =>
        ChangeAsync(id, "session", cancellationToken, async user => await staff.EndSessionAsync(user, session, null, cancellationToken) || NotThere());

    public Task<IActionResult> OnPostRevokeTokenAsync(string id, Guid token, CancellationToken cancellationToken) =>
        ChangeAsync(id, "token", cancellationToken, async user => await staff.RevokeTokenAsync(user, token, null, cancellationToken) || NotThere());

    /// <summary>Loads the account, runs one change; on success back to the page with what was done, otherwise the page with the errors.</summary>
    private async Task<IActionResult> ChangeAsync(string id, string done, CancellationToken cancellationToken, Func<MadoguchiUser, Task<bool>> change)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        try
        {
            if (ModelState.IsValid && await change(Account.User) && ModelState.IsValid)
            {
                return LocalRedirect($"/admin/staff/{Uri.EscapeDataString(id)}?done={done}");
            }
        }
        catch (StaffAccountException refused)
        {
            StaffInput.Show(refused, ModelState, t, "Input.Roles");
        }

        return Refused();
    }

    private IActionResult Refused()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private bool NotThere()
    {
        ModelState.AddModelError(string.Empty, t["StaffAdmin.Error.AlreadyEnded"]);
        return false;
    }

    private string? Reason(string? typed, string field, bool required)
    {
        // Kept as written (a reason is free text staff write), only trimmed.
        var reason = string.IsNullOrWhiteSpace(typed) ? null : typed.Trim();
        if (reason is null && required)
        {
            ModelState.AddModelError(field, t["StaffAdmin.Error.Reason"]);
        }
        else if (reason is { Length: > 500 })
        {
            ModelState.AddModelError(field, t["StaffAdmin.Error.ReasonLength"]);
            return null;
        }

        return reason;
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        if (await staff.FindAsync(id) is not { } user)
        {
            return false;
        }

        Account = await staff.DetailAsync(user, cancellationToken);
        Departments = await StaffInput.DepartmentOptionsAsync(accounts, cancellationToken);
        return true;
    }
}
