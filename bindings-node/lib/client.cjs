module.exports = () => ({ Client: class Client {} });
