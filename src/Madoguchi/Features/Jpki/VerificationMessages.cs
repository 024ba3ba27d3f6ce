using Madoguchi.Resources;
using Microsoft.Extensions.Localization;

namespace Madoguchi.Features.Jpki;

/// <summary>What a verification report means, in plain Japanese for residents and staff.</summary>
public static class VerificationMessages
{
    public static string Describe(VerificationReport report, IStringLocalizer<Messages> t) =>
        report.Problem is { } problem ? t[$"Jpki.Problem.{problem}"] : t[$"Jpki.Status.{report.Status}"];
}
