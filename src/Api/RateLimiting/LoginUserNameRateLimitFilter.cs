using Attachments.Api.Controllers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.RateLimiting;

namespace Attachments.Api.RateLimiting;

/// <summary>
/// Takes a permit for the user name of a bound <see cref="LoginRequest"/> before the password is checked,
/// so that parallel guesses cannot overrun the limit; answers 429 when there is none.
/// </summary>
public sealed class LoginUserNameRateLimitFilter(LoginUserNameLimiter limiter, ILogger<LoginUserNameRateLimitFilter> logger)
    : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var login = context.ActionArguments.Values.OfType<LoginRequest>().FirstOrDefault();
        using var lease = await limiter.AcquireAsync(login?.UserName, context.HttpContext.RequestAborted);
        if (lease is { IsAcquired: false })
        {
            logger.LogWarning("Login attempts for user name {UserName} are over the limit; refusing with 429", login!.UserName);
            await TooManyRequests.WriteAsync(context.HttpContext, lease);
            context.Result = new EmptyResult();
            return;
        }

        await next();
    }
}

/// <summary>Adds <see cref="LoginUserNameRateLimitFilter"/> to the actions under the login rate-limit policy.</summary>
internal sealed class LoginUserNameRateLimitConvention : IActionModelConvention
{
    public void Apply(ActionModel action)
    {
        if (action.Attributes.OfType<EnableRateLimitingAttribute>().Any(a => a.PolicyName == RateLimitSetup.LoginPolicy))
            action.Filters.Add(new ServiceFilterAttribute(typeof(LoginUserNameRateLimitFilter)));
    }
}
