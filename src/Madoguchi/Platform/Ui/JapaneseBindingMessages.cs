using System.Resources;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Madoguchi.Platform.Ui;

/// <summary>Model binding's own messages (a letter in a number box, a missing value), in Japanese from the resources.</summary>
public static class JapaneseBindingMessages
{
    private static readonly ResourceManager Resources = new("Madoguchi.Resources.Messages", typeof(JapaneseBindingMessages).Assembly);

    public static void Apply(DefaultModelBindingMessageProvider provider)
    {
        var invalid = Text("Binding.Invalid");
        var missing = Text("Binding.Missing");
        provider.SetAttemptedValueIsInvalidAccessor((_, _) => invalid);
        provider.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => invalid);
        provider.SetUnknownValueIsInvalidAccessor(_ => invalid);
        provider.SetNonPropertyUnknownValueIsInvalidAccessor(() => invalid);
        provider.SetValueIsInvalidAccessor(_ => invalid);
        provider.SetValueMustBeANumberAccessor(_ => Text("Binding.Number"));
        provider.SetNonPropertyValueMustBeANumberAccessor(() => Text("Binding.Number"));
        provider.SetValueMustNotBeNullAccessor(_ => missing);
        provider.SetMissingBindRequiredValueAccessor(_ => missing);
        provider.SetMissingKeyOrValueAccessor(() => missing);
        provider.SetMissingRequestBodyRequiredValueAccessor(() => missing);
    }

    private static string Text(string key) => Resources.GetString(key, System.Globalization.CultureInfo.GetCultureInfo("ja-JP")) ?? key;
}
