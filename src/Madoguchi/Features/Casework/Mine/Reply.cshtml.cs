using Madoguchi.Features.Casework;
using Madoguchi.Features.Procedures.Forms;
using Madoguchi.Platform.Outcomes;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Casework.Mine;

/// <summary>
/// 補正依頼への回答: the applicant reads what the 課 asks and answers with text and, if needed, a file. Open to the
/// applicant only (anyone else: not found): the signed-in resident, or the holder of the e-mailed reply link.
/// </summary>
[Platform.Load.ShedsLoad]
public sealed class ReplyModel(ApplicantReplies replies, FileAnswers files, IStringLocalizer<Messages> t) : PageModel
{
    public ReplyView View { get; private set; } = default!;

    public string? Token { get; private set; }

    public string? Text { get; private set; }

    public bool Sent { get; private set; }

    public static FormField AttachmentQuestion(IStringLocalizer<Messages> t) =>
        new("attachment", "file", t["Reply.Attachment"], Accept: FileAnswers.DefaultAccept, MaxSizeMb: FileAnswers.DefaultMaxSizeMb);

    public async Task<IActionResult> OnGetAsync(string receiptNumber, string? token, bool sent, CancellationToken cancellationToken)
    {
        if (await replies.FindAsync(HttpContext, receiptNumber, token, cancellationToken) is not { } view)
        {
            return NotFound();
        }

        View = view;
        Token = token;
        Sent = sent;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string receiptNumber, string? token, string? reply, IFormFile? attachment, CancellationToken cancellationToken)
    {
        if (await replies.FindAsync(HttpContext, receiptNumber, token, cancellationToken) is not { } view)
        {
            return NotFound();
        }

        View = view;
        Token = token;
        Text = Platform.Ui.JapaneseText.Normalise(reply ?? string.Empty).Trim();
        if (view.Application.Status != ApplicationStatus.AwaitingInformation)
        {
            return Page(); // the page says there is nothing to answer now
        }

        if (Text.Length == 0)
        {
            ModelState.AddModelError("reply", t["Reply.Error.Required"]);
        }
        else if (Text.Length > ApplicantReplies.MaxLength)
        {
            ModelState.AddModelError("reply", t["Form.Error.MaxLength", t["Reply.Text"], ApplicantReplies.MaxLength]);
        }

        System.Text.Json.Nodes.JsonObject? stored = null;
        if (attachment is { } file && (file.Length > 0 || !string.IsNullOrEmpty(file.FileName)) && ModelState.IsValid)
        {
            var (answer, problem) = await files.StoreAsync(AttachmentQuestion(t), file.FileName, file.Length, file.OpenReadStream, cancellationToken);
            if (problem is not null)
            {
                ModelState.AddModelError("attachment", problem);
            }

            stored = answer;
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var replied = await replies.ReplyAsync(view, Text, stored, cancellationToken);
        if (replied.Problem is { } refused)
        {
            return this.Show(refused, field => field);
        }

        // The link's secret is spent; the confirmation is shown once, on this response.
        Sent = true;
        View = (await replies.FindAsync(HttpContext, receiptNumber, null, cancellationToken)) ?? view;
        return view.Application.ApplicantUserId is null ? Page() : Redirect($"/applications/{receiptNumber}/reply?sent=true");
    }
}
