using System.Text.Json.Nodes;
using Madoguchi.Features.Notifications.Settings;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Notifications.Campaigns;

/// <summary>What staff write: the 件名 (for staff), the text, an optional link and image, the segment, and the time.</summary>
public sealed record CampaignDraft(
    string? Title, string? Text, string? LinkUrl, string? ImageUrl, IReadOnlyList<string> Areas, IReadOnlyList<string> AgeBands, IReadOnlyList<string> Interests,
    DateTime? ScheduledAt)
{
    /// <summary>町字 as typed (one an entry); resolved by the city's matcher when saved.</summary>
    public IReadOnlyList<string> Towns { get; init; } = [];

    /// <summary>The e-mail version's subject (none: not sent by e-mail) and text (none: the LINE text and link).</summary>
    public string? EmailSubject { get; init; }

    public string? EmailBody { get; init; }
}

/// <summary>
/// A campaign as LINE message objects, and LINE's limits checked when it is written (not when LINE refuses it): the
/// text with its link at most 5,000 characters (counted in UTF-16 units, as LINE counts), links and images on https
/// only (LINE shows nothing else; a javascript: or http: address is refused with the reason), an image address at most
/// 2,000 characters, a link at most 1,000, at most five messages a send (here two: the text, then the image).
/// </summary>
public static class CampaignMessage
{
    public const int MaximumTitle = 100;
    public const int MaximumText = 5000;
    public const int MaximumLink = 1000;
    public const int MaximumImageUrl = 2000;
    public const int MaximumEmailSubject = 100;
    public const int MaximumEmailBody = 10000;

    /// <summary>How far ahead a campaign may be scheduled.</summary>
    public static readonly TimeSpan LongestSchedule = TimeSpan.FromDays(90);

    public static JsonArray Messages(LineCampaign campaign)
    {
        var messages = new JsonArray { new JsonObject { ["type"] = "text", ["text"] = FullText(campaign.Text, campaign.LinkUrl) } };
        if (campaign.ImageUrl is { } image)
        {
            // LINE asks for a preview of at most 1 MB: the city's image is used for both (it should be small).
            messages.Add(new JsonObject { ["type"] = "image", ["originalContentUrl"] = image, ["previewImageUrl"] = image });
        }

        return messages;
    }

    public static string FullText(string text, string? link) => link is null ? text : text + "\n" + link;

    /// <summary>The e-mail version for a resident (the composer adds the city's name before the subject), or null when there is none.</summary>
    public static Platform.Email.EmailMessage? Email(LineCampaign campaign, string to, string footer, IStringLocalizer t)
    {
        if (!campaign.HasEmailVersion)
        {
            return null;
        }

        var subject = campaign.EmailSubject ?? t["Line.Campaign.EmergencySubject"].Value;
        var body = campaign.EmailBody ?? FullText(campaign.Text, campaign.LinkUrl);
        return new Platform.Email.EmailMessage(to, subject, body + "\n\n――――\n" + footer);
    }

    /// <summary>The field errors of a draft (keys: title, text, linkUrl, imageUrl, emailSubject, emailBody, areas, ageBands, interests, scheduledAt).</summary>
    public static Dictionary<string, string> Check(CampaignDraft draft, bool emergency, DateTime now, IStringLocalizer t)
    {
        var fields = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(draft.Title) || draft.Title.Trim().Length > MaximumTitle)
        {
            fields["title"] = t["Line.Campaign.Error.Title", MaximumTitle];
        }

        if (string.IsNullOrWhiteSpace(draft.Text))
        {
            fields["text"] = t["Line.Campaign.Error.TextRequired"];
        }
        else if (FullText(draft.Text.Trim(), Blank(draft.LinkUrl)).Length is var length && length > MaximumText)
        {
            fields["text"] = t["Line.Campaign.Error.TextTooLong", MaximumText, length];
        }

        if (Blank(draft.LinkUrl) is { } link && !IsHttps(link, MaximumLink))
        {
            fields["linkUrl"] = t["Line.Campaign.Error.Https", MaximumLink];
        }

        if (Blank(draft.ImageUrl) is { } image && !IsHttps(image, MaximumImageUrl))
        {
            fields["imageUrl"] = t["Line.Campaign.Error.Https", MaximumImageUrl];
        }

        if (Blank(draft.EmailSubject) is { } subject && (subject.Length > MaximumEmailSubject || subject.Any(char.IsControl)))
        {
            fields["emailSubject"] = t["Line.Campaign.Error.EmailSubject", MaximumEmailSubject];
        }
        else if (Blank(draft.EmailSubject) is null && Blank(draft.EmailBody) is not null && !emergency)
        {
            fields["emailSubject"] = t["Line.Campaign.Error.EmailSubjectRequired"];
        }

        if (Blank(draft.EmailBody) is { Length: > MaximumEmailBody } body)
        {
            fields["emailBody"] = t["Line.Campaign.Error.EmailBodyTooLong", MaximumEmailBody, body.Length];
        }

        if (draft.Areas.Any(a => !SegmentAttributes.Areas.Contains(a)) || draft.Areas.Count > SegmentAttributes.Areas.Count)
        {
            fields["areas"] = t["Line.Settings.Choose"];
        }

        if (draft.AgeBands.Any(a => !SegmentAttributes.AgeBands.Contains(a)) || draft.AgeBands.Count > SegmentAttributes.AgeBands.Count)
        {
            fields["ageBands"] = t["Line.Settings.Choose"];
        }

        if (draft.Interests.Any(i => !SegmentAttributes.Interests.Contains(i)) || draft.Interests.Count > SegmentAttributes.Interests.Count)
        {
            fields["interests"] = t["Line.Settings.Choose"];
        }

        if (emergency && (draft.Areas.Count > 0 || draft.AgeBands.Count > 0 || draft.Interests.Count > 0 || draft.Towns.Count > 0))
        {
            fields["areas"] = t["Line.Campaign.Error.EmergencyToEveryone"];
        }

        if (draft.ScheduledAt is { } at && (at < now.AddMinutes(-1) || at > now + LongestSchedule))
        {
            fields["scheduledAt"] = t["Line.Campaign.Error.Schedule", (int)LongestSchedule.TotalDays];
        }

        return fields;
    }

    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>An absolute https address with a host, no user part, within the length; decided by parsing, not by its prefix.</summary>
    private static bool IsHttps(string value, int maximum) =>
        value.Length <= maximum && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps &&
        !string.IsNullOrEmpty(uri.Host) && string.IsNullOrEmpty(uri.UserInfo) && !value.Any(char.IsWhiteSpace);
}
