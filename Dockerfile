# Build and run the API in a container (for machines with a Docker engine; see docker-compose.yml).
# The media library (admin/, decision 029): built here, copied into the API's wwwroot/admin by its build.
FROM node:22-bookworm-slim AS admin
WORKDIR /src/admin
COPY admin/package.json admin/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY admin/ ./
RUN npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig Attachments.sln ./
COPY src/Domain/Domain.csproj src/Domain/
COPY src/Application/Application.csproj src/Application/
COPY src/Infrastructure/Infrastructure.csproj src/Infrastructure/
COPY src/Api/Api.csproj src/Api/
RUN dotnet restore src/Api/Api.csproj
COPY src/ src/
COPY --from=admin /src/admin/dist admin/dist
RUN dotnet publish src/Api/Api.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# TurboJPEG turns EXIF-rotated JPEGs upright (decision 024); without it they take the slower ImageMagick path.
# Debian names the package libturbojpeg0, Ubuntu libturbojpeg.
RUN apt-get update \
    && (apt-get install -y --no-install-recommends libturbojpeg0 || apt-get install -y --no-install-recommends libturbojpeg) \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    Storage__Root=/data
# Owned by the app user before it becomes a volume: a new named volume copies this owner, so the service can write there.
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME ["/data"]
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Attachments.Api.dll"]
