namespace Madoguchi.Features.Identity;

/// <summary>
/// What another feature keeps only for a resident's account, forgotten when the account is deleted, in the deletion's
/// transaction (the LINE link and the choice of how to get messages, the messages' addresses).
/// </summary>
public interface IAccountErasure
{
    Task EraseAsync(string userId, CancellationToken cancellationToken);
}
