using Madoguchi.Features.Identity;
using Madoguchi.Platform.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Features.Administration.Mail;

/// <summary>E-mail written to the data directory in demo mode (the pickup transport), newest first.</summary>
[Authorize(Policy = Policies.SystemAdministrator)]
public sealed class IndexModel(MailDrop mailDrop, AuditTrail audit) : PageModel
{
    public IReadOnlyList<DroppedMail> Messages { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Messages = await mailDrop.ListAsync(100, cancellationToken);
        // Mail bodies address residents by name: reading them is an access to personal data.
        await audit.RecordAsync(new AuditEntry("mail.viewed", Details: new { count = Messages.Count }), cancellationToken);
    }
}
