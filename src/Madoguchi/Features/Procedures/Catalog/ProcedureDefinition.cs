using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Madoguchi.Features.Procedures.Catalog;

/// <summary>
/// A procedure as written in <c>catalog/procedures/&lt;id&gt;.json</c> (schema: <c>catalog/schemas/procedure.schema.json</c>).
/// Read from a frozen <see cref="ProcedureVersion"/>, never from the live file, once published.
/// </summary>
public sealed record ProcedureDefinition
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Yomi { get; init; }

    public string? OfficialName { get; init; }

    public int? NationalProcedureNumber { get; init; }

    public required string Category { get; init; }

    public IReadOnlyList<string> LifeEvents { get; init; } = [];

    public required string Department { get; init; }

    public string? LegalBasis { get; init; }

    /// <summary>
    /// Where the law lets the city ask for 個人番号 in this procedure (番号法 第9条 and its 別表). A form may have a
    /// <c>my-number</c> question only when this is given: the catalog refuses to load otherwise.
    /// </summary>
    public string? MyNumberLegalBasis { get; init; }

    /// <summary>決裁: a decision (承認 / 却下) proposed by a case officer takes effect only when an approver confirms it.</summary>
    public bool RequiresApproval { get; init; }

    public required string Description { get; init; }

    public required WhoMayApply WhoMayApply { get; init; }

    public required string IdentityLevel { get; init; }

    public required Fee Fee { get; init; }

    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    public int? StandardProcessingDays { get; init; }

    public string? Deadline { get; init; }

    public required IReadOnlyList<string> Channels { get; init; }

    public required string Mode { get; init; }

    public string? ExternalUrl { get; init; }

    public IReadOnlyList<string> WhatToBring { get; init; } = [];

    public JsonObject? Form { get; init; }

    [JsonIgnore]
    public bool IsOnlineForm => Mode == "online-form";

    /// <summary>
    /// Whether a resident can complete it without coming in: on the city's own form, on マイナポータル (ぴったりサービス),
    /// or on another online service the city uses (an external address offered as the online channel).
    /// </summary>
    public bool CompletesOnline => IsOnlineForm || Channels.Contains("mynaportal") || (Channels.Contains("online") && ExternalUrl is not null);

    /// <summary>
    /// Whether residents can apply here on the web today: an online form whose identity level this platform can check.
    /// <c>mynumber-auth</c> needs a sign-in with the card in the same session (<see cref="NeedsCardSignIn"/>);
    /// <c>mynumber-signature</c> needs the card's signature over what is sent (<see cref="NeedsCardSignature"/>).
    /// </summary>
    [JsonIgnore]
    public bool CanApplyHere => IsOnlineForm && IdentityLevel is "none" or "account" or "mynumber-auth" or "mynumber-signature";

    /// <summary>Identity level <c>mynumber-auth</c>: only a resident signed in with the My Number Card may apply.</summary>
    [JsonIgnore]
    public bool NeedsCardSignIn => IdentityLevel == "mynumber-auth";

    /// <summary><c>mynumber-signature</c>: what is sent is signed with the card's 署名用電子証明書 (web: on the check page).</summary>
    [JsonIgnore]
    public bool NeedsCardSignature => IdentityLevel == "mynumber-signature";

    /// <summary>Identity level <c>none</c>: anyone may apply, without an account (the web asks for an e-mail address).</summary>
    [JsonIgnore]
    public bool OpenWithoutAccount => IdentityLevel == "none";

    /// <summary>
    /// The procedure's access and assurance rule, the same for every channel: null when an applicant who has shown
    /// <paramref name="proof"/> may apply, else what is missing. <c>none</c> admits anyone; <c>account</c> a resident's
    /// account; <c>mynumber-auth</c> a sign-in with the card in this session; <c>mynumber-signature</c> the card's
    /// signature over what is sent (which names the applicant, so an account is not needed); and only an online form
    /// whose level this platform can check.
    /// </summary>
    public ApplyDenial? Admits(ApplicantProof proof) =>
        !IsOnlineForm ? ApplyDenial.NotOnline
        : !CanApplyHere ? ApplyDenial.NotHere
        : NeedsCardSignature ? (proof.CardSignature ? null : ApplyDenial.NeedsCardSignature)
        : NeedsCardSignIn ? (proof.CardSignIn ? null : ApplyDenial.NeedsCardSignIn)
        : OpenWithoutAccount || proof.Account ? null
        : ApplyDenial.NeedsAccount;

    /// <summary>
    /// Whether someone without an account may begin here (the web journey asks for an e-mail address instead): the
    /// rule above, with a card signature that the check page will ask for before anything is sent.
    /// </summary>
    [JsonIgnore]
    public bool AdmitsWithoutAccount => Admits(new ApplicantProof(Account: false, CardSignIn: false, CardSignature: true)) is null;
}

/// <summary>What an applicant has shown, as the channel knows it: a resident's account, a card sign-in, a card signature.</summary>
public sealed record ApplicantProof(bool Account, bool CardSignIn, bool CardSignature);

public enum ApplyDenial
{
    /// <summary>Not an online form (guidance, or a form elsewhere).</summary>
    NotOnline,

    /// <summary>An online form at an identity level this platform cannot check.</summary>
    NotHere,
    NeedsAccount,
    NeedsCardSignIn,
    NeedsCardSignature,
}

public sealed record WhoMayApply(string Self, string? Proxy);

/// <summary>
/// 手数料: none, fixed, per copy (the integer answer at <see cref="Copies"/>, "copies" unless said) or computed from the
/// answers by <see cref="Lines"/>; <see cref="ExemptWhen"/> waives it (免除). <see cref="Procedures.Fees.FeeCalculator"/>
/// counts it.
/// </summary>
public sealed record Fee(
    string Type, int? Amount, string? Description, string? Copies = null, IReadOnlyList<FeeLine>? Lines = null, Forms.VisibleWhen? ExemptWhen = null);

/// <summary>One line of a computed fee: <see cref="Amount"/> yen times the integer answer at <see cref="Count"/> (once without one).</summary>
public sealed record FeeLine(string Label, int Amount, string? Count = null);

public sealed record Attachment(string Name, bool Required, string? Note, IReadOnlyList<string>? Accept, int? MaxSizeMb);
