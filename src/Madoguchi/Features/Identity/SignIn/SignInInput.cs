using System.ComponentModel.DataAnnotations;

namespace Madoguchi.Features.Identity.SignIn;

/// <summary>E-mail and password, as both sign-in pages (residents' and staff's) ask for them.</summary>
public sealed class SignInInput
{
    [Required(ErrorMessage = "SignIn.EmailRequired")]
    [EmailAddress(ErrorMessage = "SignIn.EmailInvalid")]
    [StringLength(254, ErrorMessage = "SignIn.EmailInvalid")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "SignIn.PasswordRequired")]
    [StringLength(200, ErrorMessage = "SignIn.PasswordRequired")]
    public string? Password { get; set; }
}
