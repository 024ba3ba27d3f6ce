using System.Text.Encodings.Web;
using Madoguchi.Resources;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Platform.Ui;

/// <summary>
/// Shared rendering of a labelled field: label, required marker, hint, error message (announced with "エラー:"),
/// aria-describedby and aria-invalid. Every form of every feature is built from these so that they look and
/// behave alike and pass WCAG 2.2 AA.
/// </summary>
public abstract class FieldTagHelperBase(IStringLocalizer<Messages> t) : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression? For { get; set; }

    /// <summary>For fields not declared on a page model (procedure forms): the posted name, instead of <c>for</c>.</summary>
    [HtmlAttributeName("name")]
    public string? FieldName { get; set; }

    /// <summary>With <c>name</c>: the current value.</summary>
    [HtmlAttributeName("value")]
    public object? FieldValue { get; set; }

    [HtmlAttributeName("label")]
    public string Label { get; set; } = string.Empty;

    [HtmlAttributeName("hint")]
    public string? Hint { get; set; }

    [HtmlAttributeName("required")]
    public bool Required { get; set; }

    [HtmlAttributeNotBound]
    [ViewContext]
    public ViewContext ViewContext { get; set; } = default!;

    protected IStringLocalizer<Messages> T => t;

    protected string Name => For?.Name ?? FieldName ?? throw new InvalidOperationException("A field needs 'for' or 'name'.");

    protected object? Model => For is not null ? For.Model : FieldValue;

    protected string Id => TagBuilder.CreateSanitizedId(Name, "_");

    protected string? ErrorMessage => ErrorFor(Name);

    protected string? ErrorFor(string key) =>
        ViewContext.ViewData.ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0
            ? entry.Errors[0].ErrorMessage
            : null;

    protected string? AttemptedOrModelValue(string key, object? modelValue) =>
        ViewContext.ViewData.ModelState.TryGetValue(key, out var entry) && entry.AttemptedValue is not null
            ? entry.AttemptedValue
            : modelValue?.ToString();

    protected string DescribedBy(bool hasError) =>
        string.Join(' ', new[] { Hint is null ? null : $"{Id}-hint", hasError ? $"{Id}-error" : null }.Where(s => s is not null));

    protected IHtmlContent LabelHtml(string forId)
    {
        var label = new TagBuilder("label");
        label.AddCssClass("field__label");
        label.Attributes["for"] = forId;
        label.InnerHtml.Append(Label);
        AppendRequiredMarker(label);
        return label;
    }

    protected void AppendRequiredMarker(TagBuilder element)
    {
        if (Required)
        {
            var marker = new TagBuilder("span");
            marker.AddCssClass("field__required");
            marker.InnerHtml.Append(T["Form.Required"]);
            element.InnerHtml.AppendHtml(marker);
        }
    }

    protected IHtmlContent HintAndError(string? error)
    {
        var builder = new HtmlContentBuilder();
        if (Hint is not null)
        {
            var hint = new TagBuilder("span");
            hint.AddCssClass("field__hint");
            hint.Attributes["id"] = $"{Id}-hint";
            hint.InnerHtml.Append(Hint);
            builder.AppendHtml(hint);
        }

        if (error is not null)
        {
            var message = new TagBuilder("span");
            message.AddCssClass("field__error");
            message.Attributes["id"] = $"{Id}-error";
            var prefix = new TagBuilder("span");
            prefix.AddCssClass("visually-hidden");
            prefix.InnerHtml.Append(T["Form.ErrorPrefix"]);
            message.InnerHtml.AppendHtml(prefix);
            message.InnerHtml.Append(error);
            builder.AppendHtml(message);
        }

        return builder;
    }

    /// <summary>A fieldset whose legend is the label, with the hint and the error (groups of choices, dates).</summary>
    protected TagBuilder Fieldset(string? error)
    {
        var fieldset = new TagBuilder("fieldset");
        var describedBy = DescribedBy(error is not null);
        if (describedBy.Length > 0)
        {
            fieldset.Attributes["aria-describedby"] = describedBy;
        }

        var legend = new TagBuilder("legend");
        legend.InnerHtml.Append(Label);
        AppendRequiredMarker(legend);
        fieldset.InnerHtml.AppendHtml(legend).AppendHtml(HintAndError(error));
        return fieldset;
    }

    /// <summary>Radio buttons or checkboxes, one per item, in a fieldset; the first takes the field's id so that the error summary can link to the group.</summary>
    protected TagBuilder Choices(string type, IEnumerable<SelectListItem> items, Func<string, bool> isChecked, string? error)
    {
        var fieldset = Fieldset(error);
        var index = 0;
        foreach (var item in items)
        {
            var choiceId = index++ == 0 ? Id : $"{Id}-{index}";
            var wrapper = new TagBuilder("div");
            wrapper.AddCssClass("choice");
            var input = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
            input.Attributes["type"] = type;
            input.Attributes["id"] = choiceId;
            input.Attributes["name"] = Name;
            input.Attributes["value"] = item.Value;
            if (isChecked(item.Value))
            {
                input.Attributes["checked"] = "checked";
            }

            var label = new TagBuilder("label");
            label.Attributes["for"] = choiceId;
            label.InnerHtml.Append(item.Text);
            wrapper.InnerHtml.AppendHtml(input).AppendHtml(label);
            fieldset.InnerHtml.AppendHtml(wrapper);
        }

        return fieldset;
    }

    protected void Wrap(TagHelperOutput output, bool hasError, IHtmlContent content, string element = "div")
    {
        FieldOrder.Record(ViewContext.HttpContext, Name);
        output.TagName = element;
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", hasError ? "field field--error" : "field");
        output.Content.SetHtmlContent(content);
    }

    protected static void SetDescribedBy(TagBuilder input, string describedBy, bool hasError)
    {
        if (describedBy.Length > 0)
        {
            input.Attributes["aria-describedby"] = describedBy;
        }

        if (hasError)
        {
            input.Attributes["aria-invalid"] = "true";
        }
    }
}

/// <summary><c>&lt;md-input for="Input.Email" label="…" type="email" autocomplete="email" required /&gt;</c>; also number, tel, password, file.</summary>
[HtmlTargetElement("md-input", TagStructure = TagStructure.WithoutEndTag)]
public sealed class InputTagHelper(IStringLocalizer<Messages> t) : FieldTagHelperBase(t)
{
    [HtmlAttributeName("type")]
    public string Type { get; set; } = "text";

    [HtmlAttributeName("autocomplete")]
    public string? Autocomplete { get; set; }

    [HtmlAttributeName("inputmode")]
    public string? InputMode { get; set; }

    [HtmlAttributeName("width")]
    public string? Width { get; set; }

    [HtmlAttributeName("accept")]
    public string? Accept { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var error = ErrorMessage;
        var hasError = error is not null;
        var input = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        input.AddCssClass(Type == "file" ? "input input--file" : "input");
        if (Width == "short")
        {
            input.AddCssClass("input--short");
        }

        input.Attributes["type"] = Type;
        input.Attributes["id"] = Id;
        input.Attributes["name"] = Name;
        if (Type is not ("password" or "file"))
        {
            var value = AttemptedOrModelValue(Name, Model);
            if (value is not null)
            {
                input.Attributes["value"] = value;
            }
        }

        if (Autocomplete is not null)
        {
            input.Attributes["autocomplete"] = Autocomplete;
        }

        if (InputMode is not null)
        {
            input.Attributes["inputmode"] = InputMode;
        }

        if (Accept is not null)
        {
            input.Attributes["accept"] = Accept;
        }

        if (Required)
        {
            input.Attributes["aria-required"] = "true";
        }

        SetDescribedBy(input, DescribedBy(hasError), hasError);
        var content = new HtmlContentBuilder().AppendHtml(LabelHtml(Id)).AppendHtml(HintAndError(error)).AppendHtml(input);
        Wrap(output, hasError, content);
    }
}

[HtmlTargetElement("md-textarea", TagStructure = TagStructure.WithoutEndTag)]
public sealed class TextAreaTagHelper(IStringLocalizer<Messages> t) : FieldTagHelperBase(t)
{
    [HtmlAttributeName("rows")]
    public int Rows { get; set; } = 5;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var error = ErrorMessage;
        var hasError = error is not null;
        var textarea = new TagBuilder("textarea");
        textarea.AddCssClass("textarea");
        textarea.Attributes["id"] = Id;
        textarea.Attributes["name"] = Name;
        textarea.Attributes["rows"] = Rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Required)
        {
            textarea.Attributes["aria-required"] = "true";
        }

        SetDescribedBy(textarea, DescribedBy(hasError), hasError);
        textarea.InnerHtml.Append(AttemptedOrModelValue(Name, Model) ?? string.Empty);
        Wrap(output, hasError, new HtmlContentBuilder().AppendHtml(LabelHtml(Id)).AppendHtml(HintAndError(error)).AppendHtml(textarea));
    }
}

[HtmlTargetElement("md-select", TagStructure = TagStructure.WithoutEndTag)]
public sealed class SelectTagHelper(IStringLocalizer<Messages> t) : FieldTagHelperBase(t)
{
    [HtmlAttributeName("items")]
    public IEnumerable<SelectListItem> Items { get; set; } = [];

    [HtmlAttributeName("placeholder")]
    public string? Placeholder { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var error = ErrorMessage;
        var hasError = error is not null;
        var current = AttemptedOrModelValue(Name, Model);
        var select = new TagBuilder("select");
        select.AddCssClass("select");
        select.Attributes["id"] = Id;
        select.Attributes["name"] = Name;
        if (Required)
        {
            select.Attributes["aria-required"] = "true";
        }

        SetDescribedBy(select, DescribedBy(hasError), hasError);
        if (Placeholder is not null)
        {
            var empty = new TagBuilder("option");
            empty.Attributes["value"] = string.Empty;
            empty.InnerHtml.Append(Placeholder);
            select.InnerHtml.AppendHtml(empty);
        }

        // Consecutive items of one SelectListGroup go into one <optgroup> (a long list read in parts).
        TagBuilder? group = null;
        foreach (var item in Items)
        {
            var option = new TagBuilder("option");
            option.Attributes["value"] = item.Value;
            if (item.Value == current)
            {
                option.Attributes["selected"] = "selected";
            }

            option.InnerHtml.Append(item.Text);
            if (item.Group is null)
            {
                group = null;
                select.InnerHtml.AppendHtml(option);
                continue;
            }

            if (group is null || group.Attributes["label"] != item.Group.Name)
            {
                group = new TagBuilder("optgroup");
                group.Attributes["label"] = item.Group.Name;
                select.InnerHtml.AppendHtml(group);
            }

            group.InnerHtml.AppendHtml(option);
        }

        Wrap(output, hasError, new HtmlContentBuilder().AppendHtml(LabelHtml(Id)).AppendHtml(HintAndError(error)).AppendHtml(select));
    }
}

/// <summary>A group of radio buttons in a fieldset whose legend is the label.</summary>
[HtmlTargetElement("md-radios", TagStructure = TagStructure.WithoutEndTag)]
public sealed class RadiosTagHelper(IStringLocalizer<Messages> t) : FieldTagHelperBase(t)
{
    [HtmlAttributeName("items")]
    public IEnumerable<SelectListItem> Items { get; set; } = [];

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var error = ErrorMessage;
        var hasError = error is not null;
        var current = AttemptedOrModelValue(Name, Model);
        Wrap(output, hasError, Choices("radio", Items, value => value == current, error));
    }
}

/// <summary>A group of checkboxes in a fieldset whose legend is the label, bound to a list of the ticked values.</summary>
[HtmlTargetElement("md-checkboxes", TagStructure = TagStructure.WithoutEndTag)]
public sealed class CheckboxesTagHelper(IStringLocalizer<Messages> t) : FieldTagHelperBase(t)
{
    [HtmlAttributeName("items")]
    public IEnumerable<SelectListItem> Items { get; set; } = [];

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var error = ErrorMessage;
        var hasError = error is not null;
        var ticked = (Model as IEnumerable<string> ?? []).ToHashSet(StringComparer.Ordinal);
        Wrap(output, hasError, Choices("checkbox", Items, ticked.Contains, error));
    }
}

/// <summary>A single yes/no checkbox bound to a bool (a hidden "false" keeps an unticked box bindable).</summary>
[HtmlTargetElement("md-checkbox", TagStructure = TagStructure.WithoutEndTag)]
public sealed class CheckboxTagHelper(IStringLocalizer<Messages> t) : FieldTagHelperBase(t)
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var error = ErrorMessage;
        var hasError = error is not null;
        var value = AttemptedOrModelValue(Name, Model);
        var isChecked = value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.StartsWith("true,", StringComparison.OrdinalIgnoreCase));
        var wrapper = new TagBuilder("div");
        wrapper.AddCssClass("choice");
        var checkbox = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        checkbox.Attributes["type"] = "checkbox";
        checkbox.Attributes["id"] = Id;
        checkbox.Attributes["name"] = Name;
        checkbox.Attributes["value"] = "true";
        if (isChecked)
        {
            checkbox.Attributes["checked"] = "checked";
        }

        SetDescribedBy(checkbox, DescribedBy(hasError), hasError);
        var label = new TagBuilder("label");
        label.Attributes["for"] = Id;
        label.InnerHtml.Append(Label);
        AppendRequiredMarker(label);
        var hidden = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        hidden.Attributes["type"] = "hidden";
        hidden.Attributes["name"] = Name;
        hidden.Attributes["value"] = "false";
        wrapper.InnerHtml.AppendHtml(checkbox).AppendHtml(label);
        Wrap(output, hasError, new HtmlContentBuilder().AppendHtml(HintAndError(error)).AppendHtml(wrapper).AppendHtml(hidden));
    }
}

/// <summary>
/// A date typed as era + year + month + day (和暦 or 西暦), bound to <see cref="DateInput"/>. Separate boxes
/// avoid the phone date pickers that many older residents find hard to use.
/// </summary>
[HtmlTargetElement("md-date", TagStructure = TagStructure.WithoutEndTag)]
public sealed class DateTagHelper(IStringLocalizer<Messages> t) : FieldTagHelperBase(t)
{
    [HtmlAttributeName("autocomplete-prefix")]
    public string? AutocompletePrefix { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var model = Model as DateInput ?? new DateInput();
        var error = ErrorMessage ?? ErrorFor($"{Name}.Year") ?? ErrorFor($"{Name}.Month") ?? ErrorFor($"{Name}.Day");
        var hasError = error is not null;
        var fieldset = Fieldset(error);
        var group = new TagBuilder("div");
        group.AddCssClass("date-group");
        var currentEra = AttemptedOrModelValue($"{Name}.Era", model.Era) ?? nameof(Era.Western);
        var eraSelect = new TagBuilder("select");
        eraSelect.AddCssClass("select");
        eraSelect.Attributes["id"] = $"{Id}_Era";
        eraSelect.Attributes["name"] = $"{Name}.Era";
        foreach (var era in JapaneseDate.SelectableEras)
        {
            var option = new TagBuilder("option");
            option.Attributes["value"] = era.ToString();
            if (era.ToString() == currentEra)
            {
                option.Attributes["selected"] = "selected";
            }

            option.InnerHtml.Append(JapaneseDate.EraName(era));
            eraSelect.InnerHtml.AppendHtml(option);
        }

        group.InnerHtml.AppendHtml(Item($"{Id}_Era", T["Form.Date.Era"], eraSelect));
        group.InnerHtml.AppendHtml(Item(Id, T["Form.Date.Year"], NumberBox(Id, $"{Name}.Year", AttemptedOrModelValue($"{Name}.Year", model.Year), 4, hasError, "bday-year")));
        group.InnerHtml.AppendHtml(Item($"{Id}_Month", T["Form.Date.Month"], NumberBox($"{Id}_Month", $"{Name}.Month", AttemptedOrModelValue($"{Name}.Month", model.Month), 2, hasError, "bday-month")));
        group.InnerHtml.AppendHtml(Item($"{Id}_Day", T["Form.Date.Day"], NumberBox($"{Id}_Day", $"{Name}.Day", AttemptedOrModelValue($"{Name}.Day", model.Day), 2, hasError, "bday-day")));
        fieldset.InnerHtml.AppendHtml(group);
        Wrap(output, hasError, fieldset);
    }

    private TagBuilder NumberBox(string id, string name, string? value, int size, bool hasError, string autocompleteSuffix)
    {
        var input = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        input.AddCssClass("input input--short");
        input.Attributes["type"] = "text";
        input.Attributes["inputmode"] = "numeric";
        input.Attributes["id"] = id;
        input.Attributes["name"] = name;
        input.Attributes["size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (AutocompletePrefix is not null)
        {
            input.Attributes["autocomplete"] = autocompleteSuffix;
        }

        if (value is not null)
        {
            input.Attributes["value"] = value;
        }

        if (hasError)
        {
            input.Attributes["aria-invalid"] = "true";
        }

        return input;
    }

    private static TagBuilder Item(string forId, string labelText, TagBuilder control)
    {
        var item = new TagBuilder("div");
        item.AddCssClass("date-group__item");
        var label = new TagBuilder("label");
        label.Attributes["for"] = forId;
        label.InnerHtml.Append(labelText);
        item.InnerHtml.AppendHtml(label).AppendHtml(control);
        return item;
    }
}

/// <summary>
/// The error summary at the top of a form: a heading, then one link per error to its field. It takes focus
/// through the <c>autofocus</c>-free pattern of being first in <c>main</c> and announced as an alert.
/// </summary>
[HtmlTargetElement("md-error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ErrorSummaryTagHelper(IStringLocalizer<Messages> t) : TagHelper
{
    [HtmlAttributeNotBound]
    [ViewContext]
    public ViewContext ViewContext { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var modelState = ViewContext.ViewData.ModelState;
        if (modelState.ErrorCount == 0)
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "error-summary");
        output.Attributes.SetAttribute("role", "alert");
        output.Attributes.SetAttribute("aria-labelledby", "error-summary-title");
        output.Attributes.SetAttribute("tabindex", "-1");
        var title = new TagBuilder("h2");
        title.Attributes["id"] = "error-summary-title";
        title.InnerHtml.Append(t["Form.ErrorSummaryTitle"]);
        // Focus moves to the summary when the page opens, with or without script (autofocus on a focusable element).
        output.Attributes.SetAttribute("autofocus", "autofocus");
        var errors = modelState.Where(e => e.Value?.ValidationState == ModelValidationState.Invalid)
            .SelectMany(e => e.Value!.Errors.Select(error => (Key: FieldKey(e.Key), error.ErrorMessage)))
            .ToList();
        output.Content.AppendHtml(title).AppendHtml(new ErrorList(errors, ViewContext.HttpContext));
    }

    /// <summary>The field a key belongs to (a date's parts belong to the date).</summary>
    private static string FieldKey(string key) =>
        key.EndsWith(".Year", StringComparison.Ordinal) || key.EndsWith(".Month", StringComparison.Ordinal) || key.EndsWith(".Day", StringComparison.Ordinal) || key.EndsWith(".Era", StringComparison.Ordinal)
            ? key[..key.LastIndexOf('.')]
            : key;

    /// <summary>
    /// The summary's list, written when the page is: Razor buffers the page, so by then every field below has been
    /// rendered and recorded its place (<see cref="FieldOrder"/>), and the errors are listed in the order of the page,
    /// not of validation. Errors about no field come first; errors about fields not on the page keep their order last.
    /// </summary>
    private sealed class ErrorList(IReadOnlyList<(string Key, string Message)> errors, HttpContext http) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, HtmlEncoder encoder)
        {
            var order = FieldOrder.Of(http);
            var list = new TagBuilder("ul");
            foreach (var (key, message) in errors.Select((e, i) => (e, i))
                .OrderBy(x => x.e.Key.Length == 0 ? -1 : order.IndexOf(x.e.Key) is var at and >= 0 ? at : int.MaxValue).ThenBy(x => x.i).Select(x => x.e))
            {
                var item = new TagBuilder("li");
                if (key.Length > 0)
                {
                    var link = new TagBuilder("a");
                    link.Attributes["href"] = "#" + TagBuilder.CreateSanitizedId(key, "_");
                    link.InnerHtml.Append(message);
                    item.InnerHtml.AppendHtml(link);
                }
                else
                {
                    item.InnerHtml.Append(message);
                }

                list.InnerHtml.AppendHtml(item);
            }

            list.WriteTo(writer, encoder);
        }
    }
}

/// <summary>The fields of the page being rendered, in the order they appear.</summary>
public static class FieldOrder
{
    private static readonly object Key = new();

    public static void Record(HttpContext http, string name)
    {
        if (http.Items[Key] is not List<string> names)
        {
            http.Items[Key] = names = [];
        }

        names.Add(name);
    }

    public static List<string> Of(HttpContext http) => http.Items[Key] as List<string> ?? [];
}
