using Madoguchi.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>The platform's Japanese messages for classes tested without a host.</summary>
public static class TestLocalizer
{
    public static readonly IStringLocalizer<Messages> Messages =
        new StringLocalizer<Messages>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));
}
