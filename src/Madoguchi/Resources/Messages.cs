namespace Madoguchi.Resources;

/// <summary>Marker type for <c>Messages.resx</c>: every user-facing text of the platform, in Japanese.</summary>
public sealed class Messages;
