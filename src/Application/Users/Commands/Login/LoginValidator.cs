using Attachments.Domain.Constants;
using FluentValidation;

namespace Attachments.Application.Users.Commands.Login;

public sealed class LoginCommandValidator : AbstractValidator<LoginCommand>
{
    public LoginCommandValidator()
    {
        RuleFor(c => c.UserName).NotEmpty().MaximumLength(MaxLengths.UserName).WithName("user_name");
        RuleFor(c => c.Password).NotEmpty().MaximumLength(1024).WithName("password");
    }
}
