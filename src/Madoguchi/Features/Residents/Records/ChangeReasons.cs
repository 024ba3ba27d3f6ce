namespace Madoguchi.Features.Residents.Records;

/// <summary>What a change does to the register (住民記録システム標準仕様書 §1.2.2).</summary>
public enum ChangeKind
{
    /// <summary>記載: the change puts a person on the register.</summary>
    Entry,

    /// <summary>消除: the change takes a person off the register (除票).</summary>
    Removal,

    /// <summary>修正: the change alters a record on the register.</summary>
    Amendment,
}

/// <summary>
/// 異動事由 as the standard lists them (§1.2.2), by what they do. A record on the register (住登内) comes from an entry or
/// an amendment; a 除票 from a removal whose reason matches its status.
/// </summary>
public static class ChangeReasons
{
    public static readonly IReadOnlyDictionary<string, ChangeKind> All = new Dictionary<string, ChangeKind>(StringComparer.Ordinal)
    {
        ["国内転入"] = ChangeKind.Entry,
        ["国外転入等"] = ChangeKind.Entry,
        ["出生"] = ChangeKind.Entry,
        ["職権記載(帰化等)"] = ChangeKind.Entry,
        ["職権記載(国籍喪失)"] = ChangeKind.Entry,
        ["職権記載"] = ChangeKind.Entry,
        ["改製(記載)"] = ChangeKind.Entry,
        ["再製(記載)"] = ChangeKind.Entry,
        ["異動の取消し(増)"] = ChangeKind.Entry,
        ["国内転出"] = ChangeKind.Removal,
        ["国外転出"] = ChangeKind.Removal,
        ["死亡"] = ChangeKind.Removal,
        ["職権消除(帰化等)"] = ChangeKind.Removal,
        ["職権消除(国籍喪失)"] = ChangeKind.Removal,
        ["職権消除"] = ChangeKind.Removal,
        ["改製(消除)"] = ChangeKind.Removal,
        ["再製(消除)"] = ChangeKind.Removal,
        ["異動の取消し(減)"] = ChangeKind.Removal,
        ["転居"] = ChangeKind.Amendment,
        ["軽微な修正"] = ChangeKind.Amendment,
        ["職権修正"] = ChangeKind.Amendment,
        ["誤記修正"] = ChangeKind.Amendment,
        ["個人番号の変更"] = ChangeKind.Amendment,
        ["住民票コードの変更"] = ChangeKind.Amendment,
        ["世帯分離"] = ChangeKind.Amendment,
        ["世帯合併"] = ChangeKind.Amendment,
        ["世帯変更"] = ChangeKind.Amendment,
        ["世帯主変更"] = ChangeKind.Amendment,
        ["旧氏の記載"] = ChangeKind.Amendment,
        ["旧氏の変更"] = ChangeKind.Amendment,
        ["旧氏の削除"] = ChangeKind.Amendment,
        ["通称の記載"] = ChangeKind.Amendment,
        ["通称の削除"] = ChangeKind.Amendment,
        ["異動の取消し(修正)"] = ChangeKind.Amendment,
    };

    /// <summary>Whether a reason may leave a record in a status: removals end on the register, the rest keep it.</summary>
    public static bool Fits(string reason, ResidentStatus status) =>
        All.TryGetValue(reason, out var kind) && (kind == ChangeKind.Removal) == (status != ResidentStatus.Registered) &&
        status switch
        {
            ResidentStatus.MovedOut => reason is "国内転出" or "国外転出",
            ResidentStatus.Deceased => reason == "死亡",
            _ => true,
        };

    /// <summary>Removals whose 異動日 may be ahead of 処理日 (a 転出 is recorded with its planned date).</summary>
    public static bool MayBeInFuture(string reason) => reason is "国内転出" or "国外転出";
}
