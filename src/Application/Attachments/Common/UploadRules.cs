using System.Linq.Expressions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Common;

/// <summary>The rules every upload's fields follow, in one place for the validators of each kind of upload.</summary>
internal static class UploadRules
{
    public static void HasFile<T>(this AbstractValidator<T> validator, Expression<Func<T, StagedFile?>> file) =>
        validator.RuleFor(file).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("The request has no file; send it as the multipart field 'file'.")
            .Must(f => f!.Length > 0).WithMessage("The file is empty.")
            .WithName("file");

    /// <summary>0 or null for none; otherwise the category must exist.</summary>
    public static void HasCategory<T>(this AbstractValidator<T> validator, Expression<Func<T, long?>> categoryId, IApplicationDbContext db) =>
        validator.RuleFor(categoryId).Cascade(CascadeMode.Stop)
            .GreaterThanOrEqualTo(0)
            .MustAsync(async (id, ct) => id is null or 0 || await db.AttachmentCategories.AnyAsync(c => c.Id == id, ct))
            .WithMessage((_, id) => $"category_id {id} does not exist; create the category first or send 0.")
            .WithName("category_id");

    /// <summary>The category id as stored: null for none.</summary>
    public static long? Stored(long? categoryId) => categoryId is null or 0 ? null : categoryId;
}
