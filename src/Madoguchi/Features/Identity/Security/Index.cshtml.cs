using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Db;
using Madoguchi.Platform.Ui;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Identity.Security;

/// <summary>A staff member's own "sessions and security" page: sessions, second factor, password, recent sign-ins.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(
    UserManager<MadoguchiUser> users,
    MadoguchiSignInManager signIn,
    MadoguchiDbContext db,
    AuditTrail audit,
    TimeProvider clock,
    Passkeys passkeys,
    StaffAccounts staffAccounts,
    IStringLocalizer<Messages> t) : PasskeyManagingPageModel(users, passkeys, t)
{
    protected override string PagePath => SecurityPaths.Security;

    private static readonly string[] OwnActivityActions =
        ["signin.succeeded", "signin.failed", "signin.second_factor_failed", "signin.locked_out", "staff.two_factor_enabled", "staff.password_changed", "signout"];

    public string Email { get; private set; } = string.Empty;

    public IReadOnlyList<string> Roles { get; private set; } = [];

    public string? Department { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    public IReadOnlyList<UserSession> Sessions { get; private set; } = [];

    public Guid? CurrentSessionId { get; private set; }

    public IReadOnlyList<AuditEvent> RecentActivity { get; private set; } = [];

    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }

    public PasswordInput Password { get; set; } = new();

    public sealed class PasswordInput
    {
        [Required(ErrorMessage = "Security.CurrentPasswordRequired")]
        public string? Current { get; set; }

        [Required(ErrorMessage = "Security.NewPasswordRequired")]
        public string? New { get; set; }
    }

    public string FormatInstant(DateTime utc) => JapaneseDate.FormatInstant(utc);

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await CurrentUserAsync();
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostRegenerateRecoveryCodesAsync()
    {
        var user = await CurrentUserAsync();
        IEnumerable<string>? codes = null;
        await InTransactionAsync(async () =>
        {
            codes = await Users.GenerateNewTwoFactorRecoveryCodesAsync(user, AuthenticatorModel.RecoveryCodeCount);
            await audit.AppendAsync(new AuditEntry("staff.recovery_codes_regenerated", "user", user.Id));
        });
        NewRecoveryCodes = codes!.ToList();
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEndSessionAsync(Guid sessionId)
    {
        var user = await CurrentUserAsync();
        await EndSessionsAsync(user, db.UserSessions.Where(s => s.Id == sessionId && s.UserId == user.Id && s.RevokedAt == null), "staff.session_ended");
        Message = Text["Security.SessionEnded"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndOtherSessionsAsync()
    {
        var user = await CurrentUserAsync();
        var current = CurrentSession();
        await EndSessionsAsync(user, db.UserSessions.Where(s => s.UserId == user.Id && s.RevokedAt == null && s.Id != current), "staff.other_sessions_ended");
        Message = Text["Security.OtherSessionsEnded"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostChangePasswordAsync()
    {
        var user = await CurrentUserAsync();
        // Bound only here, so that the other forms of this page are not validated as password changes.
        if (await TryUpdateModelAsync(Password, nameof(Password)) && TryValidateModel(Password, nameof(Password)))
        {
            var result = await staffAccounts.ChangePasswordAsync(user, Password.Current!, Password.New!);
            if (result.Succeeded)
            {
                await signIn.RefreshSignInAsync(user);
                Message = Text["Security.PasswordChanged"];
                return RedirectToPage();
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? "Password.Current" : "Password.New", error.Description);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(user);
        return Page();
    }

    private async Task EndSessionsAsync(MadoguchiUser user, IQueryable<UserSession> sessions, string action)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await InTransactionAsync(async () =>
        {
            var ended = await sessions.ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now));
            await audit.AppendAsync(new AuditEntry(action, "user", user.Id, Details: new { ended }));
        });
    }

    private async Task InTransactionAsync(Func<Task> work)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        await work();
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private Guid? CurrentSession() => Guid.TryParse(User.FindFirstValue(MadoguchiClaims.SessionId), out var id) ? id : null;

    private async Task LoadAsync(MadoguchiUser user)
    {
        await LoadPasskeysAsync(user);
        Email = user.Email!;
        Roles = (await Users.GetRolesAsync(user)).Select(StaffRoles.JapaneseName).ToList();
        Department = user.DepartmentId is null ? null : await db.Departments.Where(d => d.Id == user.DepartmentId).Select(d => d.Name).SingleOrDefaultAsync();
        RecoveryCodesLeft = await Users.CountRecoveryCodesAsync(user);
        CurrentSessionId = CurrentSession();
        Sessions = await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == user.Id && s.RevokedAt == null)
            .OrderByDescending(s => s.LastSeenAt).Take(20).ToListAsync();
        RecentActivity = await db.AuditEvents.AsNoTracking()
            .Where(e => e.ResourceType == "user" && e.ResourceId == user.Id && OwnActivityActions.Contains(e.Action))
            .OrderByDescending(e => e.Sequence).Take(10).ToListAsync();
    }
}
