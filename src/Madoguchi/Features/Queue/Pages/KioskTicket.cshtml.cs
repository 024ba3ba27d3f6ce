using Madoguchi.Platform.Configuration;
using Madoguchi.Platform.Outcomes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;

namespace Madoguchi.Features.Queue.Pages;

/// <summary>
/// The kiosk's ticket: the number in large type, where it stands, and a QR code of the ticket's own page (the city's
/// public address, never the request's) so that the resident can follow the queue on their phone and step out.
/// </summary>
public sealed class KioskTicketModel(QueueDesk desk, QueueCatalog catalog, PublicUrl publicUrl) : PageModel
{
    public TicketView Ticket { get; private set; } = null!;

    public bool Priority { get; private set; }

    public string QrCodeDataUri { get; private set; } = string.Empty;

    public string Place => catalog.Place;

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken cancellationToken)
    {
        var found = await desk.TicketAsync(number, cancellationToken);
        if (found.Problem is { } problem)
        {
            return this.Elsewhere(problem) ?? NotFound();
        }

        Ticket = found.Value!;
        Priority = Ticket.Priority;
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode($"{publicUrl.Base}/queue/tickets/{Ticket.Number}", QRCodeGenerator.ECCLevel.M);
        QrCodeDataUri = $"data:image/png;base64,{Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6))}";
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
