using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Application.Common.Options;
using AutoMapper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Attachments.Commands.UploadChunk;

/// <summary>One part of a file too large for one request; the part that completes the set stores the file.</summary>
/// <param name="Part">This part's bytes, staged by the binder; null when the form had none.</param>
/// <param name="Chunk">0-based index of this part.</param>
/// <param name="FileName">The client's name for the whole file.</param>
/// <param name="Md5">MD5 of the whole file, checked after assembly.</param>
/// <param name="Id">When set, the whole file replaces that attachment's bytes.</param>
public sealed record UploadChunkCommand(
    StagedFile? Part, int Chunks, int Chunk, string FileName, string Md5, long? CategoryId = null, long? Id = null)
    : ICommand<ChunkUploadResult>;

/// <summary>Either the progress of an incomplete upload or, once complete, the attachment.</summary>
public sealed record ChunkUploadResult(ChunkProgressDto? Progress, AttachmentDto? Attachment)
{
    /// <summary>What the client is answered: the attachment once complete, the progress before.</summary>
    public object Data => Attachment ?? (object)Progress!;
}

public sealed record ChunkProgressDto(int Chunk, int Chunks, int Received, bool Complete);

public sealed class UploadChunkCommandHandler(
    IChunkStore chunks,
    IFileStorage storage,
    UploadStore store,
    IApplicationDbContext db,
    ICurrentUser currentUser,
    IOptions<UploadOptions> options,
    IMapper mapper) : MediatR.IRequestHandler<UploadChunkCommand, ChunkUploadResult>
{
    public async Task<ChunkUploadResult> Handle(UploadChunkCommand request, CancellationToken cancellationToken)
    {
        var md5 = request.Md5.ToLowerInvariant();
        // Keyed by uploader as well, so one user's bad parts cannot spoil another user's upload of the same file.
        var key = $"{currentUser.Id ?? 0}-{md5}";

        var held = await chunks.SavePartAsync(key, request.Chunk, request.Part!, cancellationToken);
        if (held > options.Value.MaxFileSizeBytes)
        {
            await chunks.DiscardAsync(key, cancellationToken);
            throw new PayloadTooLargeException($"The parts add up to more than the limit of {options.Value.MaxFileSizeBytes} bytes; the upload was discarded.");
        }

        var received = await chunks.CountPartsAsync(key, cancellationToken);
        if (received < request.Chunks)
            return new ChunkUploadResult(new ChunkProgressDto(request.Chunk, request.Chunks, received, Complete: false), null);

        await using var assembly = await chunks.TryClaimAsync(key, cancellationToken);
        if (assembly is null)
            return new ChunkUploadResult(null, await AssembledByAnotherRequestAsync(md5, cancellationToken));

        using var whole = await AssembleAsync(assembly, request, cancellationToken);
        if (whole.Md5 != md5)
            throw new ValidationException($"The assembled file has md5 {whole.Md5}, not {md5}: a part was lost or changed. Upload every part again.");

        try
        {
            var categoryId = UploadRules.Stored(request.CategoryId);
            var attachment = request.Id is { } id
                ? await store.ReplaceAsync(id, whole, categoryId, cancellationToken)
                : await store.AddAsync(whole, categoryId, imagesOnly: false, visibility: null, cancellationToken);
            return new ChunkUploadResult(null, mapper.Map<AttachmentDto>(attachment));
        }
        catch (ServiceUnavailableException)
        {
            assembly.Release();
            throw;
        }
    }

    private async Task<StagedFile> AssembleAsync(IChunkAssembly assembly, UploadChunkCommand request, CancellationToken cancellationToken)
    {
        await using var content = await assembly.OpenConcatenatedAsync(request.Chunks, cancellationToken);
        return await storage.StageAsync(content, request.FileName, options.Value.MaxFileSizeBytes, cancellationToken);
    }

    private async Task<AttachmentDto> AssembledByAnotherRequestAsync(string md5, CancellationToken cancellationToken)
    {
        // The concurrent request that claimed the parts stores the file; wait for its row briefly.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.FileMd5 == md5, cancellationToken);
            if (attachment is not null)
                return mapper.Map<AttachmentDto>(attachment);

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        throw new ServiceUnavailableException("Another request is still assembling this upload; try again shortly.");
    }
}
