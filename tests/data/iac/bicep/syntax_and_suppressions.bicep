// A declaration the parser cannot read is a problem naming its line; the others are read.
// Inline suppressions: `// aml-audit:ignore RULE reason` on or above a resource.
var base = {
  authMode: 'Key'
}

resource broken 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {
  name: 'mlw/ep-broken'
  properties: {
    ...base
  }
}

// aml-audit:ignore AML101 scored only by the batch job inside the VNet
@description('An endpoint kept on keys on purpose')
resource kept 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {
  name: 'mlw/ep-kept'
  properties: {
    authMode: 'Key'
  }
}

// aml-audit:ignore AML204
resource noReason 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {
  name: 'mlw/ep-no-reason'
  properties: {
    authMode: 'AADToken'
  }
}
