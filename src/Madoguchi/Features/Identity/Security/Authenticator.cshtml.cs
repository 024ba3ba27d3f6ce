using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text;
using Madoguchi.Platform.Audit;
using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Db;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace Madoguchi.Features.Identity.Security;

/// <summary>
/// Enrolling an authenticator app (TOTP, RFC 6238). Reached right after a first password sign-in, or after an
/// administrator reset the second factor; success upgrades the session to two-factor and shows recovery codes once.
/// </summary>
[Authorize(Policy = Policies.StaffEnrolment)]
public sealed class AuthenticatorModel(
    UserManager<MadoguchiUser> users,
    MadoguchiSignInManager signIn,
    MadoguchiDbContext db,
    AuditTrail audit,
    MadoguchiSettings settings,
    IStringLocalizer<Messages> t) : PageModel
{
    public const int RecoveryCodeCount = 10;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string FormattedKey { get; private set; } = string.Empty;

    public string QrCodeDataUri { get; private set; } = string.Empty;

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Authenticator.CodeRequired")]
        [StringLength(20, ErrorMessage = "Authenticator.CodeInvalid")]
        public string? Code { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return LocalRedirect(SecurityPaths.SignIn);
        }

        if (await users.GetTwoFactorEnabledAsync(user) && User.HasClaim(MadoguchiClaims.AuthenticationMethod, "mfa"))
        {
            return LocalRedirect(SecurityPaths.Security);
        }

        await LoadKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return LocalRedirect(SecurityPaths.SignIn);
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            // Already enrolled (another tab): only a real second-factor sign-in can upgrade this session.
            return LocalRedirect(SecurityPaths.Security);
        }

        if (!ModelState.IsValid)
        {
            return await InvalidAsync(user);
        }

        var code = new string(Input.Code!.Normalize(NormalizationForm.FormKC).Where(char.IsAsciiDigit).ToArray());
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            await audit.RecordAsync(new AuditEntry("staff.two_factor_enrolment_failed", "user", user.Id));
            ModelState.AddModelError("Input.Code", t["Authenticator.CodeWrong"]);
            return await InvalidAsync(user);
        }

        IEnumerable<string>? codes = null;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await users.SetTwoFactorEnabledAsync(user, true);
            codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
            await audit.AppendAsync(new AuditEntry("staff.two_factor_enabled", "user", user.Id, Details: new { method = "totp" }));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        });

        // The code just proved possession of the second factor: this session is now a two-factor session.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(MadoguchiClaims.AuthenticationMethod, "mfa")]);
        RecoveryCodes = codes!.ToList();
        return Page();
    }

    private async Task<PageResult> InvalidAsync(MadoguchiUser user)
    {
        await LoadKeyAsync(user);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadKeyAsync(MadoguchiUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key.");
        }

        FormattedKey = string.Join(' ', key.Chunk(4).Select(c => new string(c))).ToLowerInvariant();
        var issuer = Uri.EscapeDataString($"{settings.MunicipalityName} まどぐち");
        var uri = $"otpauth://totp/{issuer}:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer={issuer}&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        var png = new PngByteQRCode(data).GetGraphic(5);
        QrCodeDataUri = $"data:image/png;base64,{Convert.ToBase64String(png)}";
    }
}
