namespace Madoguchi.Platform.Configuration;

/// <summary>
/// 全国地方公共団体コード: five digits plus a check digit, c = (11 − (6·d1 + 5·d2 + 4·d3 + 3·d4 + 2·d5) mod 11) mod 10
/// (総務省; worked example 02205 → 022055).
/// </summary>
public static class MunicipalityCode
{
    public static bool IsValid(string code) =>
        code.Length == 6 && code.All(char.IsAsciiDigit) && ComputeCheckDigit(code[..5]) == code[5] - '0';

    public static int ComputeCheckDigit(string fiveDigits)
    {
        int[] weights = [6, 5, 4, 3, 2];
        var sum = 0;
        for (var i = 0; i < 5; i++)
        {
            sum += (fiveDigits[i] - '0') * weights[i];
        }

        return (11 - (sum % 11)) % 10;
    }
}
