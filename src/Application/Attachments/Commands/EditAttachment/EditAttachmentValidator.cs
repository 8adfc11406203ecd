using System.Text.RegularExpressions;
using Attachments.Domain.Constants;
using FluentValidation;

namespace Attachments.Application.Attachments.Commands.EditAttachment;

public sealed partial class EditAttachmentCommandValidator : AbstractValidator<EditAttachmentCommand>
{
    public EditAttachmentCommandValidator()
    {
        RuleFor(c => c.Id).GreaterThan(0).WithName("id");
        RuleFor(c => c)
            .Must(c => c.FileName is not null || c.FileLocation is not null || c.FocusX is not null || c.FocusY is not null || c.Visibility is not null
                || c.Alt is not null || c.Caption is not null || c.Tags is not null)
            .WithName("file_name")
            .WithMessage("Send file_name to rename, file_location to move, focus_x and focus_y to set the focal point, visibility to make it public or private, alt, caption or tags, or several of them.");
        RuleFor(c => c.Alt!).Must(NoControlCharacters).WithMessage("alt must not hold control characters.")
            .MaximumLength(MaxLengths.Alt).WithName("alt").When(c => c.Alt is not null);
        RuleFor(c => c.Caption!).Must(t => !t.Any(ch => char.IsControl(ch) && ch is not ('\n' or '\r' or '\t')))
            .WithMessage("caption must not hold control characters other than line breaks and tabs.")
            .MaximumLength(MaxLengths.Caption).WithName("caption").When(c => c.Caption is not null);
        RuleFor(c => c.Tags!).Must(t => t.Count <= MaxLengths.Tags).WithName("tags")
            .WithMessage($"tags may hold at most {MaxLengths.Tags} tags.").When(c => c.Tags is not null);
        RuleForEach(c => c.Tags).Must(t => t is not null && t.Trim().Length is > 0 and <= MaxLengths.Tag && NoControlCharacters(t))
            .WithName("tags")
            .WithMessage($"Each tag must be 1 to {MaxLengths.Tag} characters, with no control characters.")
            .When(c => c.Tags is not null);
        RuleFor(c => c.FocusX).InclusiveBetween(0, 1).WithName("focus_x").WithMessage("focus_x must be from 0 (left edge) to 1 (right edge).");
        RuleFor(c => c.FocusY).InclusiveBetween(0, 1).WithName("focus_y").WithMessage("focus_y must be from 0 (top edge) to 1 (bottom edge).");
        RuleFor(c => c.FileName!)
            .Must(n => n.Trim().Trim('.').Length > 0).WithMessage("file_name must not be empty.")
            .MaximumLength(MaxLengths.FileName)
            .WithName("file_name")
            .When(c => c.FileName is not null);
        RuleFor(c => c.FileLocation!.Trim())
            .MaximumLength(MaxLengths.FileLocation)
            .Must(BeASafeLocation)
            .WithName("file_location")
            .WithMessage("file_location must look like uploads/<folders>/<name>.<ext>: letters, digits, '-', '_' and '.', no '..', no leading dots, not a thumb_ name.")
            .When(c => c.FileLocation is not null);
    }

    private static bool NoControlCharacters(string text) => !text.Any(char.IsControl);

    private static bool BeASafeLocation(string location)
    {
        if (!SafeLocation().IsMatch(location))
            return false;

        var segments = location.Split('/');
        return segments.All(s => s.Length > 0 && s[0] != '.')
            && !segments[^1].StartsWith("thumb_", StringComparison.OrdinalIgnoreCase)
            && segments[^1].Contains('.', StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^uploads/[A-Za-z0-9_\-./]+$")]
    private static partial Regex SafeLocation();
}
