// Loops and conditions: a known array expands, an unknown one gives one resource carrying the
// loop; a false condition deploys nothing; an unknown condition is recorded.
// https://learn.microsoft.com/azure/azure-resource-manager/bicep/loops
// https://learn.microsoft.com/azure/templates/microsoft.machinelearningservices/workspaces/computes?pivots=deployment-language-bicep
param clusters array = [
  'cpu'
  'gpu'
]
param extraClusters array
param deployInstance bool
param deployLegacy bool = false

resource ws 'Microsoft.MachineLearningServices/workspaces@2024-10-01' existing = {
  name: 'mlw-loops'
}

resource cluster 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = [for (name, i) in clusters: {
  parent: ws
  name: name
  location: 'westeurope'
  properties: {
    computeType: 'AmlCompute'
    properties: {
      vmSize: i == 0 ? 'Standard_DS3_v2' : 'Standard_NC6s_v3'
      remoteLoginPortPublicAccess: 'Enabled'
      enableNodePublicIp: false
    }
  }
}]

resource extra 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = [for name in extraClusters: {
  parent: ws
  name: name
  properties: {
    computeType: 'AmlCompute'
    properties: {
      remoteLoginPortPublicAccess: 'Disabled'
    }
  }
}]

resource instance 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = if (deployInstance) {
  parent: ws
  name: 'ci-dev'
  properties: {
    computeType: 'ComputeInstance'
    properties: {
      idleTimeBeforeShutdown: 'PT30M'
    }
  }
}

resource legacy 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = if (deployLegacy) {
  parent: ws
  name: 'legacy'
  properties: {
    computeType: 'AmlCompute'
  }
}
