using Madoguchi.Platform.Db;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Payments.Sandbox.Pages;

/// <summary>
/// The local provider's hosted payment page, as a card payment page behaves: the session's amount and purpose, a card
/// number (the documented test cards), pay or cancel; a declined card leaves the page open for another; paying or
/// cancelling sends the resident back to the platform's return address. Answers 404 unless the sandbox is the provider.
/// </summary>
public sealed class PayModel(MadoguchiDbContext db, IEnumerable<SandboxProvider> sandboxes, Platform.Outbox.Outbox outbox, IStringLocalizer<Resources.Messages> t) : PageModel
{
    public SandboxSession Session { get; private set; } = null!;

    public bool Ended => Session.State is SandboxState.Paid or SandboxState.Expired or SandboxState.Processing;

    [BindProperty]
    public string? CardNumber { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is not { } session)
        {
            return NotFound();
        }

        if (SandboxProvider.Visit(session, outbox))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostPayAsync(string id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is not { } session)
        {
            return NotFound();
        }

        if (Ended)
        {
            return Redirect(session.ReturnUrl);
        }

        var digits = new string((CardNumber ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        if (digits.Length is < 14 or > 19)
        {
            ModelState.AddModelError(nameof(CardNumber), t["Sandbox.CardInvalid"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        SandboxProvider.Visit(session, outbox);
        sandboxes.Single().Pay(session, digits, outbox);
        await db.SaveChangesAsync(cancellationToken);
        if (session.State is SandboxState.Visited)
        {
            ModelState.AddModelError(nameof(CardNumber), t[$"Sandbox.Declined.{session.Reason}"]);
            Response.StatusCode = StatusCodes.Status402PaymentRequired;
            return Page();
        }

        return Redirect(session.ReturnUrl);
    }

    public async Task<IActionResult> OnPostCancelAsync(string id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is not { } session)
        {
            return NotFound();
        }

        if (!Ended)
        {
            sandboxes.Single().Cancel(session, outbox);
            await db.SaveChangesAsync(cancellationToken);
        }

        return Redirect(session.ReturnUrl);
    }

    private async Task<SandboxSession?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        if (!sandboxes.Any())
        {
            // Another provider is configured: the test page does not exist.
            return null;
        }

        var session = await db.Set<SandboxSession>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is not null)
        {
            Session = session;
        }

        return session;
    }
}
