using Attachments.Domain.Constants;
using FluentValidation;

namespace Attachments.Application.Users.Commands.SaveUser;

public sealed class SaveUserCommandValidator : AbstractValidator<SaveUserCommand>
{
    public const int MinimumPasswordLength = 8;
    public const int MaximumPasswordLength = 1024;

    // Unknown names are echoed in the message; a client that sent a whole document as one gets its start.
    private const int ShownPermissionLength = 64;

    public SaveUserCommandValidator()
    {
        RuleFor(c => c.Id).GreaterThanOrEqualTo(0).WithName("id");

        RuleFor(c => c.UserName.Trim())
            .NotEmpty()
            .MaximumLength(MaxLengths.UserName)
            .Must(name => !name.Any(char.IsControl)).WithMessage("'user_name' must not contain control characters.")
            .OverridePropertyName("user_name")
            .WithName("user_name");

        // Messages about the password never quote it: they end up in the log.
        RuleFor(c => c.Password)
            .NotEmpty().When(c => c.Id is null or 0).WithMessage("'password' is required for a new user.")
            .WithName("password");
        RuleFor(c => c.Password)
            .MinimumLength(MinimumPasswordLength)
            .MaximumLength(MaximumPasswordLength)
            .When(c => !string.IsNullOrEmpty(c.Password))
            .WithName("password");

        RuleFor(c => c.Permissions)
            .NotNull().WithMessage("'permissions' is required: send every permission the user should hold ([] for none).")
            .WithName("permissions");
        RuleForEach(c => c.Permissions)
            .Must(p => p is not null && Permissions.All.Contains(p))
            .WithMessage((_, p) =>
                $"'{Shown(p)}' in permissions is not a permission; use {string.Join(", ", Permissions.All)}.");
    }

    private static string Shown(string? permission) =>
        permission is null ? "null"
        : permission.Length <= ShownPermissionLength ? permission
        : permission[..ShownPermissionLength] + "…";
}
